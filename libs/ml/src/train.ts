import { TrainerParamError } from './errors';
import { ferryMetadata } from './metadata';
import {
  type ClassifierModel,
  classifierModel,
  type ClassLabels,
  type ClusterModel,
  clusterModel,
  type RegressionModel,
  regressionModel,
} from './model';
import { exportOnnx, type ModelHead, OUTPUT_NAMES } from './onnx/export-model';
import { type ParamsInputOf, type ParamsOf, resolveParams, type TrainerType } from './params';
import { fitPreparation, prepare, type Preparation, type PreparationOptions } from './prepare';
import { Random } from './random';
import type { Table } from './table';
import { fitKMeans } from './trainers/kmeans';
import { fitLinear } from './trainers/linear';
import { fitLogistic } from './trainers/logistic';
import type { Progress } from './trainers/progress';

/** Which model each trainer gives. */
export type ModelOf<T extends TrainerType> = T extends 'kmeans'
  ? ClusterModel
  : T extends 'logistic_regression'
    ? ClassifierModel
    : RegressionModel;

/** What train takes. */
export interface TrainOptions<T extends TrainerType = TrainerType> {
  /** The training rows (split off a holdout first, e.g. with splitTable). */
  table: Table;
  /** The column to predict: required by the supervised trainers; k-means leaves it out of the features. */
  target?: string;
  /** The raw feature columns; every column but the target by default. */
  features?: readonly string[];
  trainer: { type: T; params?: ParamsInputOf[T] };
  preparation?: PreparationOptions;
  /** Seed of every random choice; 0 by default. */
  seed?: number;
  onProgress?: Progress;
}

/** What train gives. */
export interface TrainResult<M = ClassifierModel | ClusterModel | RegressionModel> {
  /** The model in TypeScript, over a Table of raw columns. */
  model: M;
  /** The same pipeline as an ONNX model (preparation inside the graph). */
  onnx: Uint8Array;
  /** The hyperparameters used, defaults filled in. */
  params: ParamsOf[TrainerType];
  /** The trainer's final loss: mean penalized log loss, inertia, or training MSE. */
  trainingLoss: number;
  /** Rows trained on (supervised trainers drop rows whose target is missing). */
  rowCount: number;
}

/**
 * Trains one of the built-in trainers on a table: fits the preparation and the model on its rows and exports both
 * as one ONNX model. Throws TrainerParamError for bad hyperparameters, unknown columns, a missing target or no rows.
 */
export function train<T extends TrainerType>(options: TrainOptions<T>): TrainResult<ModelOf<T>> {
  const type = options.trainer?.type;
  const params = resolveParams(type, options.trainer?.params) as ParamsOf[TrainerType];
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) {
    throw new TrainerParamError('seed', `must be an integer, got ${seed}`);
  }
  const supervised = type !== 'kmeans';
  const target = options.target;
  if (supervised && (target === undefined || target === '')) {
    throw new TrainerParamError('target', `${type} needs a target column`);
  }
  if (target !== undefined) {
    options.table.column(target, 'target');
  }
  const features = featureList(options.table, target, options.features, type);
  const table = supervised ? rowsWithTarget(options.table, target!) : options.table;
  if (table.rowCount === 0) {
    throw new TrainerParamError('table', supervised ? `no row has a value of "${target}"` : 'the table has no rows');
  }
  const preparation = fitPreparation(table, features, options.preparation);
  const fitted = fitModel({
    type,
    params,
    table,
    target,
    preparation,
    seed,
    onProgress: options.onProgress ?? (() => undefined),
  });
  const { head, model, trainingLoss } = fitted;
  const metadata = ferryMetadata({ type, params, seed, trainingLoss, target, preparation, head });
  const onnx = exportOnnx({ preparation, head, name: `ferry_${type}`, metadata });
  return { model: model as ModelOf<T>, onnx, params, trainingLoss, rowCount: table.rowCount };
}

interface Fitted {
  head: ModelHead;
  model: ClassifierModel | ClusterModel | RegressionModel;
  trainingLoss: number;
}

/** Fits the model of one trainer on the prepared rows. */
function fitModel(request: {
  type: TrainerType;
  params: ParamsOf[TrainerType];
  table: Table;
  target: string | undefined;
  preparation: Preparation;
  seed: number;
  onProgress: Progress;
}): Fitted {
  const { type, table, preparation, onProgress } = request;
  const x = prepare(preparation, table);
  if (type === 'kmeans') {
    const params = request.params as ParamsOf['kmeans'];
    if (params.k > table.rowCount) {
      throw new TrainerParamError('k', `must be at most the number of rows (${table.rowCount}), got ${params.k}`);
    }
    const fit = fitKMeans(x, preparation.width, params, new Random(request.seed), onProgress);
    return { head: { kind: 'kmeans', fit }, model: clusterModel(preparation, fit), trainingLoss: fit.inertia };
  }
  if (type === 'logistic_regression') {
    const params = request.params as ParamsOf['logistic_regression'];
    const { classes, labels } = encodeClasses(table, request.target!);
    const fit = fitLogistic(x, preparation.width, labels, classes.length, params, onProgress);
    return {
      head: { kind: 'classifier', fit, classes },
      model: classifierModel(preparation, fit, classes),
      trainingLoss: fit.loss,
    };
  }
  const alpha = type === 'ridge' ? (request.params as ParamsOf['ridge']).alpha : 0;
  const fit = fitLinear(x, preparation.width, numericTarget(table, request.target!), alpha, onProgress);
  return { head: { kind: 'regression', fit }, model: regressionModel(preparation, fit), trainingLoss: fit.loss };
}

function featureList(
  table: Table,
  target: string | undefined,
  given: readonly string[] | undefined,
  type: TrainerType,
): string[] {
  const features = given === undefined ? table.names.filter((name) => name !== target) : [...given];
  if (features.length === 0) {
    throw new TrainerParamError('features', 'no feature columns');
  }
  const outputs: readonly string[] =
    OUTPUT_NAMES[type === 'kmeans' ? 'kmeans' : type === 'logistic_regression' ? 'classifier' : 'regression'];
  const seen = new Set<string>();
  for (const name of features) {
    table.column(name, 'features');
    if (name === target) {
      throw new TrainerParamError('features', `the target "${name}" cannot be a feature`);
    }
    if (seen.has(name)) {
      throw new TrainerParamError('features', `"${name}" is listed twice`);
    }
    if (outputs.includes(name)) {
      throw new TrainerParamError('features', `"${name}" is the name of a model output: rename the column`);
    }
    seen.add(name);
  }
  return features;
}

function rowsWithTarget(table: Table, target: string): Table {
  const column = table.column(target, 'target');
  const keep: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const value = column.values[i];
    if (column.kind === 'numeric' ? !Number.isNaN(value as number) : value !== null) {
      keep.push(i);
    }
  }
  return keep.length === table.rowCount ? table : table.select(keep);
}

function numericTarget(table: Table, target: string): Float64Array {
  const column = table.column(target, 'target');
  if (column.kind !== 'numeric') {
    throw new TrainerParamError('target', `regression needs a numeric target, "${target}" is categorical`);
  }
  return column.values;
}

/** Sorted distinct labels (numerically for a numeric target, by code units otherwise) and each row's class index. */
function encodeClasses(table: Table, target: string): { classes: ClassLabels; labels: Int32Array } {
  const column = table.column(target, 'target');
  let classes: ClassLabels;
  let keys: ReadonlyArray<string | number>;
  if (column.kind === 'numeric') {
    const values = [...new Set(column.values)].sort((a, b) => a - b);
    const bad = values.find((value) => !Number.isSafeInteger(value));
    if (bad !== undefined) {
      throw new TrainerParamError(
        'target',
        `numeric class labels must be integers, found ${bad}: read the column as categorical`,
      );
    }
    classes = values;
    keys = Array.from(column.values);
  } else {
    classes = [...new Set(column.values as string[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    keys = column.values as string[];
  }
  if (classes.length < 2) {
    throw new TrainerParamError('target', `needs at least two classes, "${target}" has ${classes.length}`);
  }
  const index = new Map<string | number, number>(
    (classes as ReadonlyArray<string | number>).map((label, i) => [label, i]),
  );
  const labels = Int32Array.from({ length: table.rowCount }, (_, i) => index.get(keys[i]!)!);
  return { classes, labels };
}
