import { prepare, type Preparation } from './prepare';
import type { Table } from './table';
import { type KMeansFit, squaredDistances } from './trainers/kmeans';
import { type LinearFit, linearPredictions } from './trainers/linear';
import { type LogisticFit, logisticProbabilities } from './trainers/logistic';

/** Class labels in class order: strings, or integers when the target column was numeric. */
export type ClassLabels = readonly string[] | readonly number[];

/** A classifier's outputs, as the ONNX model's `label` and `probabilities`. */
export interface ClassifierPredictions {
  kind: 'classifier';
  label: string[] | number[];
  /** n × classes.length, row-major, columns in class order. */
  probabilities: Float64Array;
}

/** k-means outputs, as the ONNX model's `label` and `distances`. */
export interface ClusterPredictions {
  kind: 'kmeans';
  label: Int32Array;
  /** n × k, row-major: Euclidean distances to the centres in the prepared space. */
  distances: Float64Array;
}

/** A regression's output, as the ONNX model's `prediction`. */
export interface RegressionPredictions {
  kind: 'regression';
  prediction: Float64Array;
}

interface ModelBase {
  /** The raw feature columns, in input order. */
  readonly features: readonly string[];
  readonly preparation: Preparation;
}

/** A trained classifier, in TypeScript (float64); the ONNX export computes the same. */
export interface ClassifierModel extends ModelBase {
  readonly kind: 'classifier';
  readonly classes: ClassLabels;
  readonly fit: LogisticFit;
  predict(table: Table): ClassifierPredictions;
}

/** A trained k-means model. */
export interface ClusterModel extends ModelBase {
  readonly kind: 'kmeans';
  readonly fit: KMeansFit;
  predict(table: Table): ClusterPredictions;
}

/** A trained linear or ridge regression. */
export interface RegressionModel extends ModelBase {
  readonly kind: 'regression';
  readonly fit: LinearFit;
  predict(table: Table): RegressionPredictions;
}

export type TrainedModel = ClassifierModel | ClusterModel | RegressionModel;

const featureNames = (preparation: Preparation): string[] => preparation.features.map((feature) => feature.name);

/** The TypeScript classifier of a fitted logistic regression. */
export function classifierModel(preparation: Preparation, fit: LogisticFit, classes: ClassLabels): ClassifierModel {
  return {
    kind: 'classifier',
    features: featureNames(preparation),
    preparation,
    classes,
    fit,
    predict(table) {
      const probabilities = logisticProbabilities(fit, prepare(preparation, table), preparation.width);
      const k = classes.length;
      const n = table.rowCount;
      const label = new Array<string | number>(n);
      for (let i = 0; i < n; i++) {
        label[i] = classes[argBest(probabilities, i * k, k, 1)]!;
      }
      return { kind: 'classifier', label: label as string[] | number[], probabilities };
    },
  };
}

/** The TypeScript model of a fitted k-means. */
export function clusterModel(preparation: Preparation, fit: KMeansFit): ClusterModel {
  return {
    kind: 'kmeans',
    features: featureNames(preparation),
    preparation,
    fit,
    predict(table) {
      const squares = squaredDistances(prepare(preparation, table), preparation.width, fit.centers, fit.k);
      const n = table.rowCount;
      const label = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        label[i] = argBest(squares, i * fit.k, fit.k, -1);
      }
      return { kind: 'kmeans', label, distances: squares.map(Math.sqrt) };
    },
  };
}

/** The TypeScript model of a fitted linear or ridge regression. */
export function regressionModel(preparation: Preparation, fit: LinearFit): RegressionModel {
  return {
    kind: 'regression',
    features: featureNames(preparation),
    preparation,
    fit,
    predict(table) {
      return { kind: 'regression', prediction: linearPredictions(fit, prepare(preparation, table), preparation.width) };
    },
  };
}

// Index of the largest (sign 1) or smallest (sign −1) of values[start … start + count), the first on ties, as ONNX ArgMax/ArgMin.
function argBest(values: Float64Array, start: number, count: number, sign: 1 | -1): number {
  let best = 0;
  for (let j = 1; j < count; j++) {
    if (sign * values[start + j]! > sign * values[start + best]!) {
      best = j;
    }
  }
  return best;
}
