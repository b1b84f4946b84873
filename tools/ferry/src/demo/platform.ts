import { randomBytes } from 'node:crypto';

import { startIsolatedPlatform } from '@ferry/platform';

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

const KEPT_WARNINGS = 20;

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

/** A fresh platform of the demo's own (`startIsolatedPlatform`): stopped and removed by `close()`. */
async function startOwnPlatform(parentEnv: NodeJS.ProcessEnv): Promise<DemoPlatform> {
  const warnings: string[] = [];
  const platform = await startIsolatedPlatform('demo', {
    env: { ...parentEnv, LOG_LEVEL: parentEnv.LOG_LEVEL ?? 'info' },
    onWarning: (service, line) => {
      warnings.push(`[${service}] ${line}`);
      warnings.splice(0, Math.max(0, warnings.length - KEPT_WARNINGS));
    },
    onUnexpectedExit: (service, code, signal) => warnings.push(`[${service}] exited (${signal ?? `code ${code}`})`),
  });
  const client = new FerryClient({ url: platform.url, apiKey: platform.adminKey, timeoutMs: 30_000 });
  return {
    client,
    description:
      `a fresh platform, started in ${(platform.running.startedInMs / 1000).toFixed(1)} s at ${platform.running.gatewayUrl} ` +
      `(NATS prefix ${platform.prefix}, data in ${platform.dataDir})`,
    nameSuffix: '',
    warnings,
    close: async () => {
      await client.close();
      await platform.stop();
    },
  };
}
