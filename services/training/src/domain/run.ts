import type { Pipeline } from './pipeline';

export const RUN_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** What started a run. */
export const TRIGGER_KINDS = ['manual', 'dataset_version', 'drift', 'schedule'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export interface RunTrigger {
  kind: TriggerKind;
  /** What the trigger said: the dataset version, the drift report, the scheduled time… */
  detail: Record<string, unknown>;
  at: Date;
}

export interface RunProgress {
  /** queued, loading_data, training, validating, registering, promoting, finished, requeued. */
  phase: string;
  trial: number | null;
  trials: number | null;
  iteration: number | null;
  loss: number | null;
}

/** One candidate of a run: its hyperparameters and what its exported ONNX scored on the holdout. */
export interface Trial {
  index: number;
  params: Record<string, unknown>;
  state: 'succeeded' | 'failed';
  metrics: Record<string, number>;
  /** The validation metric's value (null when the trial failed). */
  score: number | null;
  trainingLoss: number | null;
  artifactSha256: string | null;
  error: string | null;
  durationMs: number;
}

/** Why the alias moved or stayed, with both scores on the same holdout rows. */
export interface Decision {
  policy: 'manual' | 'if_better';
  alias: string;
  promoted: boolean;
  reason: string;
  metric: string;
  greaterIsBetter: boolean;
  minImprovement: number;
  challengerScore: number;
  championScore: number | null;
  championVersion: number | null;
}

export interface RegisteredVersion {
  id: string;
  modelName: string;
  version: number;
}

/** A training run: one execution of a pipeline, from the queue to a registered (and maybe promoted) model. */
export interface TrainingRun {
  id: string;
  pipelineId: string;
  pipelineName: string;
  /** The pipeline as it was when the run started (when it was queued, until then). */
  spec: Pipeline;
  state: RunState;
  trigger: RunTrigger;
  /** Triggers that arrived while this run waited and were folded into it. */
  coalesced: RunTrigger[];
  /** Published to the work queue (a follow-up waits unpublished until the running run ends). */
  dispatched: boolean;
  cancelRequested: boolean;
  datasetVersionId: string | null;
  datasetVersion: number | null;
  progress: RunProgress;
  trials: Trial[];
  metrics: Record<string, number> | null;
  decision: Decision | null;
  modelVersion: RegisteredVersion | null;
  logs: string;
  error: string | null;
  /** The worker holding the run (process id + host), and how many times a worker claimed it. */
  worker: string | null;
  attempts: number;
  heartbeatAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdBy: string | null;
}

export function isFinal(state: RunState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled';
}

export const QUEUED_PROGRESS: RunProgress = { phase: 'queued', trial: null, trials: null, iteration: null, loss: null };

/** Keeps the newest `maxChars` of a run's log (a trainer can write a lot). */
export function appendLog(logs: string, line: string, maxChars = 256 * 1024): string {
  const next = `${logs}${new Date().toISOString()} ${line.trimEnd()}\n`;
  return next.length <= maxChars ? next : `…${next.slice(next.length - maxChars)}`;
}
