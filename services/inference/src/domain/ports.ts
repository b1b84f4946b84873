import type { Page, PageRequest, EventEnvelope } from '@ferry/contracts';

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
