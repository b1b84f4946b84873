import type { ChildProcess } from 'node:child_process';

import { loadConfig, type FerryConfig, type ServiceName } from '@ferry/contracts';
import { internalSecretOf } from '@ferry/service-runtime';

import { findNatsServer, isLocal, natsAddress, natsAnswers, startNatsServer } from './nats-server';
import { stopGroup, Supervisor, type ServiceProcess } from './supervisor';

/** A running platform: the five services, and the NATS server when it was started for them. */
export interface RunningPlatform {
  config: FerryConfig;
  gatewayUrl: string;
  services: ServiceProcess[];
  /** The nats-server started for the platform, if one had to be. */
  nats: ChildProcess | undefined;
  startedInMs: number;
  stop(): Promise<void>;
}

/** Start-up problems a person can act on, each with one line saying what to do. */
export class PlatformStartError extends Error {}

export interface StartPlatformOptions {
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  onWarning?: (service: ServiceName, line: string) => void;
  onUnexpectedExit?: (service: ServiceName, code: number | null, signal: NodeJS.Signals | null) => void;
  onStep?: (message: string) => void;
}

const STOP_GRACE_MS = 7000;

/**
 * What `npm start` does: makes sure NATS answers (starting `nats-server -js` when it is local and
 * installed), makes sure the internal secret exists, starts the five services, and waits until all are ready.
 */
export async function startPlatform(options: StartPlatformOptions = {}): Promise<RunningPlatform> {
  const started = Date.now();
  const env = options.env ?? process.env;
  const config = loadConfig(env);
  const nats = await ensureNats(config, options.onStep);
  if (config.auth) {
    // The services sign and verify identities with one secret: FERRY_INTERNAL_SECRET, else the data directory's
    // `internal-secret`, created here once so that the five processes read the same file.
    internalSecretOf(config);
  }
  const supervisor = new Supervisor({
    config,
    env,
    onWarning: options.onWarning,
    onUnexpectedExit: options.onUnexpectedExit,
  });
  const stop = async (): Promise<void> => {
    await supervisor.stop(STOP_GRACE_MS);
    if (nats !== undefined) {
      await stopGroup(nats, STOP_GRACE_MS);
    }
  };
  options.onStep?.('starting registry, inference, monitoring, training and gateway');
  supervisor.start();
  try {
    await supervisor.waitUntilReady(options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw new PlatformStartError(error instanceof Error ? error.message : String(error));
  }
  const gateway = supervisor.processes.find((p) => p.name === 'gateway');
  return {
    config,
    gatewayUrl: `${gateway?.url ?? ''}/graphql`,
    services: supervisor.processes,
    nats,
    startedInMs: Date.now() - started,
    stop,
  };
}

async function ensureNats(config: FerryConfig, onStep?: (message: string) => void): Promise<ChildProcess | undefined> {
  for (const server of config.natsServers) {
    if (await natsAnswers(natsAddress(server))) {
      onStep?.(`NATS answers at ${server}`);
      return undefined;
    }
  }
  const first = config.natsServers[0] ?? 'nats://127.0.0.1:4222';
  const address = natsAddress(first);
  if (!isLocal(address)) {
    throw new PlatformStartError(
      `nothing answers at NATS_URL=${first}; start that server or point NATS_URL at a running one`,
    );
  }
  const binary = findNatsServer();
  if (binary === undefined) {
    throw new PlatformStartError(
      `nothing answers at ${first} and nats-server is not installed: run "apt-get install nats-server" (or set NATS_URL to a running NATS with JetStream)`,
    );
  }
  onStep?.(`starting ${binary} -js on ${address.host}:${address.port} (data in ${config.dataDir}/nats)`);
  return startNatsServer(binary, address, config.dataDir);
}
