import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { deletePrefixStreamsOn } from '@ferry/messaging';
import { startPlatform, type RunningPlatform } from '@ferry/platform';
import { connect } from 'nats';

import { FerryClient } from '../client/client';
import { FerryApiError } from '../client/errors';

/** The platform the demo talks to: one it started (and will remove), or one already running. */
export interface DemoPlatform {
  client: FerryClient;
  /** One line saying which platform this is. */
  description: string;
  /** Appended to every name the demo creates, so it can run again against a long-lived platform. */
  nameSuffix: string;
  /** Warnings and errors the platform's services logged (own platform only), newest last. */
  warnings: string[];
  /** Stops and removes what the demo started; nothing for a platform that was already running. */
  close(): Promise<void>;
}

const SERVICES = ['GATEWAY', 'REGISTRY', 'INFERENCE', 'MONITORING', 'TRAINING'] as const;
const KEPT_WARNINGS = 20;
const DEFAULT_NATS = 'nats://127.0.0.1:4222';

/** FERRY_URL set: that platform, with FERRY_API_KEY. Otherwise a fresh platform of the demo's own. */
export async function openPlatform(env: NodeJS.ProcessEnv): Promise<DemoPlatform> {
  const url = env.FERRY_URL?.trim();
  return url ? useRunningPlatform(url, env.FERRY_API_KEY) : startOwnPlatform(env);
}

async function useRunningPlatform(url: string, apiKey: string | undefined): Promise<DemoPlatform> {
  const client = new FerryClient({ url, apiKey, timeoutMs: 30_000 });
  let viewer: { name: string | null; role: string };
  try {
    viewer = (await client.request<{ viewer: { name: string | null; role: string } }>('{ viewer { name role } }'))
      .viewer;
  } catch (error) {
    await client.close();
    const why = error instanceof FerryApiError ? `${error.code}: ${error.message}` : String(error);
    throw new Error(`cannot use the platform at FERRY_URL=${url} (${why})`);
  }
  if (viewer.role === 'viewer') {
    await client.close();
    throw new Error(`FERRY_API_KEY is a viewer key ("${viewer.name ?? ''}"); the demo needs an operator or admin key`);
  }
  return {
    client,
    description: `the running platform at ${client.baseUrl} (key "${viewer.name ?? 'none'}", role ${viewer.role})`,
    nameSuffix: `-${randomBytes(3).toString('hex')}`,
    warnings: [],
    close: () => client.close(),
  };
}

/**
 * Starts the platform as `npm start` does, isolated from anything else on the machine: a temporary data directory
 * (SQLite), free ports, a NATS prefix of its own and authentication on with a generated admin key. `close()` stops
 * it and deletes its streams and its directory.
 */
async function startOwnPlatform(parentEnv: NodeJS.ProcessEnv): Promise<DemoPlatform> {
  const prefix = `demo_${randomBytes(4).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-demo-'));
  const adminKey = `fry_${randomBytes(24).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...parentEnv,
    FERRY_DATA_DIR: dataDir,
    FERRY_NATS_PREFIX: prefix,
    FERRY_AUTH: 'on',
    FERRY_ADMIN_KEY: adminKey,
    FERRY_INTERNAL_SECRET: '',
    FERRY_HOST: '127.0.0.1',
    DATABASE_URL: '',
    FERRY_DB_SCHEMA_PREFIX: '',
    LOG_LEVEL: parentEnv.LOG_LEVEL ?? 'info',
  };
  for (const service of SERVICES) {
    env[`FERRY_${service}_PORT`] = String(await freePort());
    env[`FERRY_${service}_URL`] = '';
  }
  const warnings: string[] = [];
  let running: RunningPlatform;
  try {
    running = await startPlatform({
      env,
      onWarning: (service, line) => {
        warnings.push(`[${service}] ${line}`);
        warnings.splice(0, Math.max(0, warnings.length - KEPT_WARNINGS));
      },
      onUnexpectedExit: (service, code, signal) => warnings.push(`[${service}] exited (${signal ?? `code ${code}`})`),
    });
  } catch (error) {
    // Services may have created streams before one of them failed to start.
    await removeTraces(prefix, (env.NATS_URL ?? DEFAULT_NATS).split(','), dataDir).catch(() => undefined);
    throw error;
  }
  const client = new FerryClient({ url: running.gatewayUrl, apiKey: adminKey, timeoutMs: 30_000 });
  const startedNats = running.nats !== undefined;
  return {
    client,
    description:
      `a fresh platform, started in ${(running.startedInMs / 1000).toFixed(1)} s at ${running.gatewayUrl} ` +
      `(NATS prefix ${prefix}, data in ${dataDir})`,
    nameSuffix: '',
    warnings,
    close: async () => {
      await client.close();
      await running.stop();
      // A NATS the platform started kept its data in the data directory; the machine's NATS keeps the streams.
      await removeTraces(prefix, startedNats ? [] : running.config.natsServers, dataDir);
    },
  };
}

/** Deletes the prefix's streams (and KV buckets, object stores) from the NATS at `servers`, and the data directory. */
async function removeTraces(prefix: string, servers: string[], dataDir: string): Promise<void> {
  try {
    if (servers.length > 0) {
      const nc = await connect({ servers, name: 'ferry-demo' });
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
