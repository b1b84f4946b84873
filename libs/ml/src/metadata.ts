import type { ModelHead } from './onnx/export-model';
import type { ParamsOf, TrainerType } from './params';
import { describe, type FeatureSpec, type Preparation } from './prepare';

/** Keys of the metadata_props Ferry writes into its models. */
export const METADATA_KEYS = {
  /** JSON: { type, params, seed, trainingLoss, rowCount?, iterations?, converged?, solver? }. */
  TRAINER: 'ferry.trainer',
  /** JSON: the fitted preparation per raw column (FeatureSpec[]), in input order. */
  FEATURES: 'ferry.features',
  /** JSON: the names of the prepared columns, in the order the model sees them. */
  PREPARED_COLUMNS: 'ferry.prepared_columns',
  /** JSON: the class labels in probability-column order (classifiers only). */
  CLASSES: 'ferry.classes',
  /** The target column's name (supervised trainers only). */
  TARGET: 'ferry.target',
} as const;

/** The trainer summary stored under ferry.trainer. */
export interface TrainerSummary {
  type: TrainerType;
  params: ParamsOf[TrainerType];
  seed: number;
  trainingLoss: number;
  iterations?: number;
  converged?: boolean;
  solver?: string;
}

/** What a Ferry-trained model's metadata says, parsed. */
export interface FerryModelMetadata {
  trainer: TrainerSummary;
  preparation: Preparation;
  classes?: string[] | number[];
  target?: string;
}

/** The metadata_props of an exported model. */
export function ferryMetadata(source: {
  type: TrainerType;
  params: ParamsOf[TrainerType];
  seed: number;
  trainingLoss: number;
  target: string | undefined;
  preparation: Preparation;
  head: ModelHead;
}): Record<string, string> {
  const { head } = source;
  const trainer: TrainerSummary = {
    type: source.type,
    // JSON has no Infinity: C = Infinity (no penalty) is written as null.
    params: source.params,
    seed: source.seed,
    trainingLoss: source.trainingLoss,
  };
  if (head.kind === 'classifier') {
    trainer.iterations = head.fit.iterations;
    trainer.converged = head.fit.converged;
  } else if (head.kind === 'kmeans') {
    trainer.iterations = head.fit.iterations;
  } else {
    trainer.solver = head.fit.solver;
  }
  const metadata: Record<string, string> = {
    [METADATA_KEYS.TRAINER]: JSON.stringify(trainer),
    [METADATA_KEYS.FEATURES]: JSON.stringify(source.preparation.features),
    [METADATA_KEYS.PREPARED_COLUMNS]: JSON.stringify(source.preparation.columnNames),
  };
  if (head.kind === 'classifier') {
    metadata[METADATA_KEYS.CLASSES] = JSON.stringify(head.classes);
  }
  if (source.target !== undefined) {
    metadata[METADATA_KEYS.TARGET] = source.target;
  }
  return metadata;
}

/** Reads Ferry's keys back from a model's metadata (e.g. readOnnxModel(bytes).metadata); undefined when absent. */
export function parseFerryMetadata(metadata: Readonly<Record<string, string>>): FerryModelMetadata | undefined {
  const trainer = metadata[METADATA_KEYS.TRAINER];
  const features = metadata[METADATA_KEYS.FEATURES];
  if (trainer === undefined || features === undefined) {
    return undefined;
  }
  const summary = JSON.parse(trainer) as TrainerSummary;
  const params = summary.params as unknown as Record<string, number | null>;
  if (summary.type === 'logistic_regression' && params['C'] === null) {
    params['C'] = Number.POSITIVE_INFINITY;
  }
  const parsed: FerryModelMetadata = {
    trainer: summary,
    preparation: describe(JSON.parse(features) as FeatureSpec[]),
  };
  const classes = metadata[METADATA_KEYS.CLASSES];
  if (classes !== undefined) {
    parsed.classes = JSON.parse(classes) as string[] | number[];
  }
  const target = metadata[METADATA_KEYS.TARGET];
  if (target !== undefined) {
    parsed.target = target;
  }
  return parsed;
}
