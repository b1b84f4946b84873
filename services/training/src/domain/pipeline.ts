/** The trainers a pipeline may use: the built-in ones of @ferry/ml, and a configured command (admins only). */
export const TRAINER_TYPES = ['kmeans', 'logistic_regression', 'linear_regression', 'ridge', 'command'] as const;
export type TrainerKind = (typeof TRAINER_TYPES)[number];

/** What a model is judged on: the task decides which metrics apply. */
export type Task = 'classification' | 'regression' | 'clustering';

export interface TrainerSpec {
  type: TrainerKind;
  /** Hyperparameters (built-in: checked and defaulted by @ferry/ml; command: passed as FERRY_TRAIN_PARAMS). */
  params: Record<string, unknown>;
  /** The command trainer's argv (no shell); null for built-in trainers. */
  command: string[] | null;
  /** The command trainer's deadline per trial; null for built-in trainers. */
  timeoutSeconds: number | null;
}

/** A range a random search draws from. */
export interface ParamRange {
  min: number;
  max: number;
  /** Draw uniformly in log space (min > 0). */
  log: boolean;
  /** Round to an integer. */
  integer: boolean;
}

export interface SearchSpec {
  strategy: 'grid' | 'random';
  /** Per hyperparameter: a list of values (grid and random) or a range (random only). */
  space: Record<string, unknown[] | ParamRange>;
  /** The trial budget: at most this many trials. */
  trials: number;
}

export interface ValidationSpec {
  /** Fraction of the rows held out for the gate, in (0, 0.9]. */
  holdoutFraction: number;
  /** Seed of the split and of the trainers. */
  seed: number;
  metric: string;
  greaterIsBetter: boolean;
}

export interface PromotionSpec {
  alias: string;
  policy: 'manual' | 'if_better';
  /** How much better (in the metric's units) a challenger must be to move the alias. */
  minImprovement: number;
}

export interface TriggerSpec {
  onNewDatasetVersion: boolean;
  /** A deployment whose drift alerts start a run. */
  onDriftOf: string | null;
  /** A 5-field cron expression (UTC). */
  schedule: string | null;
}

/** A training pipeline: what to train on, how, how to judge it and when to run. */
export interface Pipeline {
  id: string;
  name: string;
  description: string;
  datasetName: string;
  /** A pinned dataset version; null trains on the latest version. */
  datasetVersion: number | null;
  target: string | null;
  /** Raw feature columns; null = every column but the target. */
  features: string[] | null;
  trainer: TrainerSpec;
  search: SearchSpec | null;
  validation: ValidationSpec;
  modelName: string;
  promotion: PromotionSpec;
  triggers: TriggerSpec;
  /** When the schedule next fires (null without a schedule). */
  nextScheduledAt: Date | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
}

/** What a client sends to create a pipeline (or, with every field optional but the name, to change one). */
export interface PipelineInput {
  name: string;
  description?: string | null;
  datasetName?: string | null;
  datasetVersion?: number | null;
  target?: string | null;
  features?: string[] | null;
  trainer?: {
    type: string;
    params?: unknown;
    command?: string[] | null;
    timeoutSeconds?: number | null;
  } | null;
  search?: { strategy: string; space: unknown; trials?: number | null } | null;
  validation?: {
    holdoutFraction?: number | null;
    seed?: number | null;
    metric?: string | null;
    greaterIsBetter?: boolean | null;
  } | null;
  modelName?: string | null;
  promotion?: { alias?: string | null; policy?: string | null; minImprovement?: number | null } | null;
  triggers?: { onNewDatasetVersion?: boolean | null; onDriftOf?: string | null; schedule?: string | null } | null;
}

/** The task a pipeline's models perform: from the trainer, or (command trainer) from the validation metric. */
export function taskOf(trainer: TrainerKind, metricTask: Task): Task {
  switch (trainer) {
    case 'kmeans':
      return 'clustering';
    case 'logistic_regression':
      return 'classification';
    case 'linear_regression':
    case 'ridge':
      return 'regression';
    case 'command':
      return metricTask;
  }
}
