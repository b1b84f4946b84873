import { connect, type NatsConnection } from 'nats';

import type { Logger } from './logger';

export interface NatsConnectOptions {
  servers: string[];
  /** Shown in the server's connection list (`nats server report connections`). */
  name: string;
  logger: Logger;
  /** Fail at start after this long without a server; once connected, reconnect forever. */
  connectTimeoutMs?: number;
}

/** Connects to NATS, reconnecting forever once connected, and logs every status change. */
export async function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.servers,
    name: options.name,
    timeout: options.connectTimeoutMs ?? 5000,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: false,
    pingInterval: 10_000,
  });
  options.logger.info({ server: nc.getServer() }, 'nats connected');
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'pingTimer') {
        continue;
      }
      const level = status.type === 'disconnect' || status.type === 'error' ? 'warn' : 'info';
      options.logger[level]({ status: status.type, data: String(status.data) }, 'nats status');
    }
  })();
  return nc;
}

/** Round-trips to the server: proves the connection works now, not just that it was opened. */
export async function pingNats(nc: NatsConnection, timeoutMs = 1000): Promise<void> {
  await Promise.race([
    nc.flush(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('nats flush timed out')), timeoutMs).unref()),
  ]);
}
