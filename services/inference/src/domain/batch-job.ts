import type { ModelVersionRef } from './ports';

/** The states of a batch prediction job; the last three are final. */
export const BatchJobState = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
} as const;
export type BatchJobState = (typeof BatchJobState)[keyof typeof BatchJobState];

/** True once a job can change no more. */
export function isFinal(state: BatchJobState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled';
}

/** A batch prediction: a dataset version's rows through a deployment's model, written as a new dataset version. */
export interface BatchJob {
  id: string;
  deployment: string;
  /** The input dataset version. */
  datasetVersionId: string;
  /** The dataset the output is registered under as a new version. */
  outputDatasetName: string;
  /** The dataset columns feeding a matrix input, in order (null: the model's own feature names). */
  features: string[] | null;
  /** Rows per model run. */
  chunkSize: number;
  /** The version the job runs (chosen at start and kept to the end). */
  modelVersion: ModelVersionRef | null;
  state: BatchJobState;
  /** Set by cancelBatchPrediction; the runner stops at its next chunk. */
  cancelRequested: boolean;
  rowsDone: number;
  /** From the dataset version's profile; null until known. */
  rowsTotal: number | null;
  outputDatasetVersionId: string | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Refreshed while the job runs; a running job whose heartbeat is old was interrupted. */
  heartbeatAt: Date | null;
  createdBy: string | null;
}
