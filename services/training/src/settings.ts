import * as os from 'node:os';

import { ConfigError, positiveInt } from '@ferry/contracts';

/** How this process works runs; from FERRY_TRAINING_* variables (see README), overridable in tests. */
export interface TrainingSettings {
  /** Runs this process trains at once (FERRY_TRAINING_CONCURRENCY, default 1). */
  concurrency: number;
  /**
   * How long a run's queue message may go without an in-progress ack before JetStream hands it to another worker
   * (FERRY_TRAINING_ACK_WAIT_MS, default 30 s): how soon a run whose worker died is picked up again.
   */
  ackWaitMs: number;
  /** Claims after which a run whose workers keep dying fails (FERRY_TRAINING_MAX_ATTEMPTS, default 3). */
  maxAttempts: number;
  /** Least time between two progress events of one run. */
  progressIntervalMs: number;
  /** How often the scheduler looks for due cron schedules. */
  scheduleIntervalMs: number;
  /** This worker's name in run rows. */
  workerId: string;
}

/** Reads the training settings; ConfigError names a bad variable. */
export function trainingSettings(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<TrainingSettings> = {},
): TrainingSettings {
  const ackWaitMs = positiveInt(env, 'FERRY_TRAINING_ACK_WAIT_MS', 30_000);
  if (ackWaitMs < 1000) {
    throw new ConfigError('FERRY_TRAINING_ACK_WAIT_MS', `must be at least 1000, got ${ackWaitMs}`);
  }
  return {
    concurrency: positiveInt(env, 'FERRY_TRAINING_CONCURRENCY', 1),
    ackWaitMs,
    maxAttempts: positiveInt(env, 'FERRY_TRAINING_MAX_ATTEMPTS', 3),
    progressIntervalMs: 1000,
    scheduleIntervalMs: 10_000,
    workerId: `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
    ...overrides,
  };
}
