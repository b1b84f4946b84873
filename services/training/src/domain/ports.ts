import type { Page, PageRequest } from '@ferry/contracts';
import type { Table } from '@ferry/ml';

import type { OutgoingEvent } from './events';
import type { HoldoutPredictions } from './metrics';
import type { Pipeline, Task, TrainerSpec } from './pipeline';
import type { RegisteredVersion, RunProgress, RunState, TrainingRun, Trial } from './run';

export interface PipelineStore {
  /** CONFLICT when the name is taken. */
  insert(pipeline: Pipeline): Promise<void>;
  update(pipeline: Pipeline): Promise<void>;
  findByName(name: string): Promise<Pipeline | undefined>;
  findById(id: string): Promise<Pipeline | undefined>;
  list(page: PageRequest): Promise<Page<Pipeline>>;
  /** Pipelines on this dataset that train on each new version (not pinned). */
  onNewVersionOf(datasetName: string): Promise<Pipeline[]>;
  /** Pipelines retrained when this deployment drifts. */
  onDriftOf(deployment: string): Promise<Pipeline[]>;
  /** Pipelines whose schedule is due at `now`. */
  scheduledBy(now: Date): Promise<Pipeline[]>;
  /** Moves a schedule from `expected` to `next`; false when another replica already moved it (it fires once). */
  advanceSchedule(id: string, expected: Date, next: Date | null): Promise<boolean>;
}

/** The runs of one pipeline, read and changed under the pipeline's lock (one transaction). */
export interface PipelineRunsTx {
  /** The pipeline as it is now (read under its lock). */
  pipeline(): Promise<Pipeline | undefined>;
  /** The pipeline's runs that are not final, oldest first. */
  openRuns(): Promise<TrainingRun[]>;
  run(id: string): Promise<TrainingRun | undefined>;
  insert(run: TrainingRun): Promise<void>;
  update(run: TrainingRun): Promise<void>;
  /** Writes events to the outbox: published once the transaction commits. */
  publish(...events: OutgoingEvent[]): Promise<void>;
}

/** What a heartbeat learns: whether this worker still holds the run, and whether someone asked to cancel it. */
export interface HeartbeatAnswer {
  held: boolean;
  cancelRequested: boolean;
}

export interface RunStore {
  /** Runs `work` in one transaction holding the pipeline's lock, so runs of one pipeline change one at a time. */
  withPipeline<T>(pipelineId: string, work: (tx: PipelineRunsTx) => Promise<T>): Promise<T>;
  findById(id: string): Promise<TrainingRun | undefined>;
  /** Newest first; of one pipeline and/or one state when given. */
  list(filter: { pipeline: string | null; state: RunState | null }, page: PageRequest): Promise<Page<TrainingRun>>;
  /** Records a running run's progress if `worker` still holds claim `attempt`, and reads its cancellation flag. */
  heartbeat(
    id: string,
    worker: string,
    attempt: number,
    patch: { progress: RunProgress; trials: Trial[]; logs: string },
  ): Promise<HeartbeatAnswer>;
  /** How many runs are in each state. */
  countByState(): Promise<Record<string, number>>;
}

/** A dataset version as the registry describes it. */
export interface DatasetRef {
  id: string;
  datasetName: string;
  version: number;
  artifactSha256: string;
  format: 'csv' | 'jsonl';
}

/** The registry's datasets, as training reads them. */
export interface DatasetSource {
  /** The pinned version, or the latest; NOT_FOUND when there is none. */
  resolve(datasetName: string, version: number | null): Promise<DatasetRef>;
  /** The version's rows in memory. */
  load(ref: DatasetRef): Promise<Table>;
}

/** A model version that holds an alias, with its bytes. */
export interface Champion {
  id: string;
  version: number;
  onnx: Uint8Array;
}

/** The registry's models, as training writes them. */
export interface ModelRegistry {
  /** A version this run registered before (a worker died after registering), so a retry does not register twice. */
  findBySource(modelName: string, source: string): Promise<RegisteredVersion | undefined>;
  /** Creates the model if needed, uploads the bytes and registers them; INVALID_ARTIFACT when the registry refuses them. */
  register(request: {
    modelName: string;
    onnx: Uint8Array;
    metrics: Record<string, unknown>;
    params: Record<string, unknown>;
    datasetVersionId: string;
    source: string;
    description: string;
  }): Promise<RegisteredVersion>;
  /** The version the alias points at now, or null when the model or the alias does not exist. */
  champion(modelName: string, alias: string): Promise<Champion | null>;
  setAlias(modelName: string, alias: string, version: number): Promise<void>;
}

/** What a trial produced: the ONNX bytes and what the trainer said about them. */
export interface TrainedCandidate {
  onnx: Uint8Array;
  /** The hyperparameters used (defaults filled in, when the trainer knows them). */
  params: Record<string, unknown>;
  trainingLoss: number | null;
  /** Lines for the run's log (a command's output). */
  log: string[];
}

/** The data of one run, prepared once and trained on by every trial. */
export interface TrainingData {
  /** The training rows: the features and the target only. */
  train: Table;
  /** The holdout rows (with a target, for supervised models), every column of the dataset. */
  holdout: Table;
  target: string | null;
  features: string[];
}

/** One run's trainer: opened with the run's data, asked for one candidate per trial, closed at the end. */
export interface TrainingSession {
  trial(request: {
    index: number;
    params: Record<string, unknown>;
    seed: number;
    onProgress: (iteration: number, loss: number) => void;
    signal: AbortSignal;
  }): Promise<TrainedCandidate>;
  close(): Promise<void>;
}

/** Trains candidates: built-in trainers off the main thread, commands as child processes. */
export interface TrainerBackend {
  open(trainer: TrainerSpec, data: TrainingData, workDir: string): Promise<TrainingSession>;
}

/** Runs ONNX bytes (in ONNX Runtime) over the holdout rows and reads its predictions. */
export interface ModelEvaluator {
  predict(
    onnx: Uint8Array,
    holdout: Table,
    context: { task: Task; features: string[]; classes: string[] | null },
  ): Promise<HoldoutPredictions>;
}

/** Publishes a running run's progress (snapshots: a lost one is superseded by the next). */
export interface ProgressSink {
  progress(run: TrainingRun): Promise<void>;
}

/** Tells a worker's transport that the run is still being worked on (JetStream: an in-progress ack). */
export interface Lease {
  extend(): void;
}
