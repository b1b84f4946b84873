import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { deletePrefixStreamsOn } from '@ferry/messaging';
import { connect } from 'nats';

import { startPlatform, type RunningPlatform, type StartPlatformOptions } from './platform';

const SERVICES = ['GATEWAY', 'REGISTRY', 'INFERENCE', 'MONITORING', 'TRAINING'] as const;

/** A platform of its own on a shared machine: what `stop()` removes, and how to reach it. */
export interface IsolatedPlatform {
  running: RunningPlatform;
  /** The gateway's base URL (without `/graphql`). */
  url: string;
  /** The generated bootstrap admin key. */
  adminKey: string;
  prefix: string;
  dataDir: string;
  /** Stops the services (and a NATS it started), deletes the prefix's streams and the data directory. */
  stop(): Promise<void>;
}

/**
 * Starts the platform as `npm start` does, isolated from anything else on the machine: a temporary data
 * directory (SQLite), free ports, its own NATS prefix (`<label>_<8 hex>`), and authentication on with a generated
 * admin key. Used by the demo and by tests that drive the platform as its users do.
 */
export async function startIsolatedPlatform(
  label: string,
  options: Omit<StartPlatformOptions, 'env'> & { env?: NodeJS.ProcessEnv } = {},
): Promise<IsolatedPlatform> {
  const prefix = `${label}_${randomBytes(4).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ferry-${label}-`));
  const adminKey = `fry_${randomBytes(24).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    FERRY_DATA_DIR: dataDir,
    FERRY_NATS_PREFIX: prefix,
    FERRY_AUTH: 'on',
    FERRY_ADMIN_KEY: adminKey,
    FERRY_INTERNAL_SECRET: '',
    FERRY_HOST: '127.0.0.1',
    DATABASE_URL: '',
    FERRY_DB_SCHEMA_PREFIX: '',
  };
  for (const service of SERVICES) {
    env[`FERRY_${service}_PORT`] = String(await freePort());
    env[`FERRY_${service}_URL`] = '';
  }
  const natsServers = (env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',');
  let running: RunningPlatform;
  try {
    running = await startPlatform({ ...options, env });
  } catch (error) {
    // Services may have created streams before one of them failed to start.
    await removeTraces(prefix, natsServers, dataDir).catch(() => undefined);
    throw error;
  }
  return {
    running,
    url: running.gatewayUrl.replace(/\/graphql$/, ''),
    adminKey,
    prefix,
    dataDir,
    stop: async () => {
      await running.stop();
      // A NATS the platform started kept its streams in the data directory; the machine's NATS keeps them.
      await removeTraces(prefix, running.nats === undefined ? running.config.natsServers : [], dataDir);
    },
  };
}

/** Deletes the prefix's streams (and KV buckets, object stores) from the NATS at `servers`, and the data directory. */
async function removeTraces(prefix: string, servers: string[], dataDir: string): Promise<void> {
  try {
    if (servers.length > 0) {
      const nc = await connect({ servers, name: 'ferry-clean-up' });
      try {
        await deletePrefixStreamsOn(nc, prefix);
      } finally {
        await nc.close();
      }
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
