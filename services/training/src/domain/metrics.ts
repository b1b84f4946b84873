import {
  accuracy,
  f1Score,
  logLoss,
  meanAbsoluteError,
  r2Score,
  rocAuc,
  rootMeanSquaredError,
  type Label,
} from '@ferry/ml';

import type { Task } from './pipeline';

/** A validation metric: the task it judges and its direction. */
export interface MetricDefinition {
  task: Task;
  greaterIsBetter: boolean;
}

/** The metrics the gate computes; `f1` is macro-averaged, `roc_auc` binary only, `inertia` summed over the holdout. */
export const METRICS: Readonly<Record<string, MetricDefinition>> = {
  accuracy: { task: 'classification', greaterIsBetter: true },
  f1: { task: 'classification', greaterIsBetter: true },
  log_loss: { task: 'classification', greaterIsBetter: false },
  roc_auc: { task: 'classification', greaterIsBetter: true },
  rmse: { task: 'regression', greaterIsBetter: false },
  mae: { task: 'regression', greaterIsBetter: false },
  r2: { task: 'regression', greaterIsBetter: true },
  inertia: { task: 'clustering', greaterIsBetter: false },
};

/** The metric a built-in trainer is judged on unless the pipeline names another. */
export const DEFAULT_METRIC: Readonly<Record<Task, string>> = {
  classification: 'accuracy',
  regression: 'rmse',
  clustering: 'inertia',
};

/**
 * What a model answered for the holdout rows, whatever its outputs were called: labels (as strings, so int64 and
 * string labels compare alike), class probabilities, regression values or cluster distances.
 */
export interface HoldoutPredictions {
  labels?: string[];
  /** n × classes, row-major, columns in the order of `classes`. */
  probabilities?: { classes: string[]; values: Float64Array };
  values?: Float64Array;
  /** n × k distances to each centre (k-means); with `labels` gives the inertia. */
  distances?: { k: number; values: Float64Array };
}

/** The holdout truth: class labels as strings, or numbers for regression; none for clustering. */
export type HoldoutTruth = { kind: 'labels'; values: string[] } | { kind: 'values'; values: Float64Array } | null;

/** Every metric of the task that the predictions allow, by name. */
export function computeMetrics(task: Task, truth: HoldoutTruth, predicted: HoldoutPredictions): Record<string, number> {
  const metrics: Record<string, number> = {};
  if (task === 'classification' && truth?.kind === 'labels') {
    if (predicted.labels !== undefined) {
      metrics.accuracy = accuracy(truth.values, predicted.labels);
      metrics.f1 = f1Score(truth.values, predicted.labels, { average: 'macro' });
    }
    const probabilities = predicted.probabilities;
    if (probabilities !== undefined && truth.values.every((label) => probabilities.classes.includes(label))) {
      metrics.log_loss = logLoss(truth.values, probabilities.values, probabilities.classes as Label[]);
      const positive = probabilities.classes[1];
      const distinct = new Set(truth.values);
      if (probabilities.classes.length === 2 && positive !== undefined && distinct.size === 2) {
        const k = 2;
        const scores = Float64Array.from({ length: truth.values.length }, (_, i) => probabilities.values[i * k + 1]!);
        metrics.roc_auc = rocAuc(truth.values, scores, positive);
      }
    }
  } else if (task === 'regression' && truth?.kind === 'values' && predicted.values !== undefined) {
    metrics.rmse = rootMeanSquaredError(truth.values, predicted.values);
    metrics.mae = meanAbsoluteError(truth.values, predicted.values);
    metrics.r2 = r2Score(truth.values, predicted.values);
  } else if (task === 'clustering' && predicted.distances !== undefined) {
    metrics.inertia = inertiaOf(predicted.distances, predicted.labels);
  }
  return metrics;
}

/** Sum of squared distances of each row to its cluster's centre (the nearest one when labels are absent). */
function inertiaOf(distances: { k: number; values: Float64Array }, labels: string[] | undefined): number {
  const { k, values } = distances;
  const n = values.length / k;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const label = labels === undefined ? Number.NaN : Number(labels[i]);
    let d: number;
    if (Number.isInteger(label) && label >= 0 && label < k) {
      d = values[i * k + label]!;
    } else {
      d = Number.POSITIVE_INFINITY;
      for (let j = 0; j < k; j++) {
        d = Math.min(d, values[i * k + j]!);
      }
    }
    total += d * d;
  }
  return total;
}

/** How much better `challenger` is than `champion` in the metric's direction (negative: worse). */
export function improvementOf(challenger: number, champion: number, greaterIsBetter: boolean): number {
  return greaterIsBetter ? challenger - champion : champion - challenger;
}
