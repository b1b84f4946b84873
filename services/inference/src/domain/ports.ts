import type { Page, PageRequest, EventEnvelope } from '@ferry/contracts';

import type { BatchJob } from './batch-job';
import type { Deployment, ModelTarget } from './deployment';

/** A model version as the registry describes it: enough to fetch, verify and label answers. */
export interface ModelVersionRef {
  id: string;
  modelName: string;
  version: number;
  artifactSha256: string;
}

/** Where models come from: the registry (resolution) and its artifact store (bytes). */
export interface ModelSource {
  /** The version a target denotes now (an alias's current version); NOT_FOUND / CONFLICT when it cannot serve. */
  resolve(modelName: string, target: ModelTarget): Promise<ModelVersionRef>;
  /** The artifact's bytes, verified against its sha256 (and cached locally). */
  fetch(ref: ModelVersionRef): Promise<Uint8Array>;
}

/** What a client sends: rows of named features, or named tensors (nested arrays or {data, shape}). */
export type ModelInput =
  | { kind: 'rows'; rows: Array<Record<string, unknown>> }
  | { kind: 'tensors'; tensors: Record<string, unknown> }
  /** Open Inference Protocol (V2) tensors: `[{name, shape, datatype, data}]`. */
  | { kind: 'v2'; inputs: unknown[] };

/** A loaded model, ready to run. */
export interface ServableModel {
  /** Input and output names and types, for metadata endpoints. */
  readonly signature: ServingSignature;
  /** Runs client input (validated against the signature: BAD_USER_INPUT otherwise). */
  run(input: ModelInput, options?: RunOptions): Promise<ModelOutput>;
  warmUp(): Promise<void>;
  release(): Promise<void>;
}

export interface ServingSignature {
  inputs: Array<{
    name: string;
    type: string;
    elementType: string | null;
    shape: Array<number | string | null> | null;
  }>;
  outputs: Array<{
    name: string;
    type: string;
    elementType: string | null;
    shape: Array<number | string | null> | null;
  }>;
}

export interface RunOptions {
  /** Outputs to compute (all by default). */
  outputs?: string[];
  /** Largest batch (in rows) this request may share a run with; 1 runs it alone. */
  maxBatchSize?: number;
}

/** The outputs of a run, as the model declares them, and the number of rows it answered. */
export interface ModelOutput {
  rows: number;
  outputs: Record<string, unknown>;
  /** One object per row with each output's value for it (labels, probability maps…). */
  perRow: Array<Record<string, unknown>>;
  /** One object per row with each input feature's value (what the prediction log records), built on demand. */
  inputRows(): Array<Record<string, unknown>>;
  /** The run this request shared: how many requests and rows, and how long it queued. */
  batch: { requests: number; rows: number; queueMs: number };
}

/** Creates sessions from model bytes (ONNX Runtime). */
export interface ModelRuntime {
  load(bytes: Uint8Array, ref: ModelVersionRef): Promise<ServableModel>;
}

export interface DeploymentStore {
  create(deployment: Deployment, events: Array<{ subject: string; envelope: EventEnvelope }>): Promise<void>;
  update(deployment: Deployment, events: Array<{ subject: string; envelope: EventEnvelope }>): Promise<void>;
  delete(id: string, events: Array<{ subject: string; envelope: EventEnvelope }>): Promise<void>;
  findByName(name: string): Promise<Deployment | undefined>;
  list(page: PageRequest): Promise<Page<Deployment>>;
  all(): Promise<Deployment[]>;
}

/** A dataset version as the registry describes it: enough to read its rows and label the output. */
export interface DatasetVersionRef {
  id: string;
  datasetName: string;
  version: number;
  artifactSha256: string;
  format: 'csv' | 'jsonl';
  rowCount: number;
  columns: string[];
}

/** Where a batch job writes its output rows before they become a dataset version. */
export interface BatchOutput {
  /** Appends text; resolves when it may write more (backpressure). */
  write(text: string): Promise<void>;
  /** Uploads what was written and registers it as a new version of `datasetName` with its lineage. */
  register(lineage: {
    datasetName: string;
    source: DatasetVersionRef;
    modelVersionId: string;
    producedBy: string;
  }): Promise<{ id: string; version: number }>;
  /** Deletes what was written (a failed or cancelled job). */
  discard(): Promise<void>;
}

/** The registry's datasets, as a batch job needs them. */
export interface DatasetSource {
  /** NOT_FOUND when there is no such version. */
  describe(datasetVersionId: string): Promise<DatasetVersionRef>;
  /** The version's bytes, streamed. */
  open(ref: DatasetVersionRef): AsyncIterable<Uint8Array>;
  /** A fresh place to write a job's output. */
  createOutput(jobId: string, format: 'csv' | 'jsonl'): Promise<BatchOutput>;
}

export interface BatchJobStore {
  insert(job: BatchJob): Promise<void>;
  /** Writes the job's progress and state; never its cancellation flag (set by `requestCancel` alone). */
  update(job: BatchJob): Promise<void>;
  requestCancel(id: string): Promise<void>;
  findById(id: string): Promise<BatchJob | undefined>;
  /** Newest first, optionally of one deployment. */
  list(deployment: string | null, page: PageRequest): Promise<Page<BatchJob>>;
  /** Jobs not yet final. */
  unfinished(): Promise<BatchJob[]>;
}

/** Told of every job's progress and state changes (published on `<prefix>.inference.batch.progress`). */
export interface BatchProgressSink {
  progress(job: BatchJob): Promise<void>;
}
