import {
  accuracy,
  logLoss,
  meanAbsoluteError,
  precisionRecallF1,
  r2Score,
  rocAuc,
  rootMeanSquaredError,
} from '@ferry/ml';

import type { MonitorSettings, PerformanceMetric } from './monitor';

/** A prediction as monitoring stored it, with its ground truth when feedback arrived. */
export interface JudgedPrediction {
  /** The predicted label or value. */
  predicted: unknown;
  /** Class probabilities: a map class → p, or a list in class order; null when the model gives none. */
  probabilities: Record<string, number> | number[] | null;
  /** The ground truth (undefined while no feedback came). */
  label?: unknown;
}

/** Realized metrics from labels, and metrics estimated from probabilities before labels arrive (CBPE). */
export interface PerformanceSummary {
  task: 'classification' | 'regression';
  predictions: number;
  labelled: number;
  metrics: Partial<Record<PerformanceMetric, number>>;
  /** Confidence-based estimates (NannyML's CBPE, assuming calibrated scores) over every prediction, labelled or not. */
  estimated: { accuracy: number; f1: number } | null;
}

/** Computes a deployment's performance over a set of predictions. */
export function summarizePerformance(rows: JudgedPrediction[], settings: MonitorSettings): PerformanceSummary {
  const task = taskOf(rows, settings);
  const labelled = rows.filter((r) => r.label !== undefined && r.label !== null);
  const metrics =
    labelled.length === 0
      ? {}
      : task === 'regression'
        ? regressionMetrics(labelled)
        : classificationMetrics(labelled, settings);
  return {
    task,
    predictions: rows.length,
    labelled: labelled.length,
    metrics,
    estimated: task === 'classification' ? estimate(rows, settings) : null,
  };
}

/** Which metrics crossed their thresholds: greater-is-better ones below, error metrics above. */
export function degradedMetrics(
  summary: PerformanceSummary,
  thresholds: MonitorSettings['performanceThresholds'],
  greaterIsBetter: (metric: PerformanceMetric) => boolean,
): Array<{ metric: PerformanceMetric; value: number; threshold: number; degraded: boolean }> {
  return Object.entries(thresholds).flatMap(([name, threshold]) => {
    const metric = name as PerformanceMetric;
    const value = summary.metrics[metric];
    if (value === undefined || threshold === undefined || !Number.isFinite(value)) {
      return [];
    }
    const degraded = greaterIsBetter(metric) ? value < threshold : value > threshold;
    return [{ metric, value, threshold, degraded }];
  });
}

function taskOf(rows: JudgedPrediction[], settings: MonitorSettings): 'classification' | 'regression' {
  if (settings.task !== 'auto') {
    return settings.task;
  }
  const hasProbabilities = rows.some((r) => r.probabilities !== null);
  const fractional = rows.some((r) => typeof r.predicted === 'number' && !Number.isInteger(r.predicted));
  return !hasProbabilities && fractional ? 'regression' : 'classification';
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function classesOf(rows: JudgedPrediction[]): string[] {
  const classes = new Set<string>();
  for (const row of rows) {
    classes.add(text(row.predicted));
    if (row.label !== undefined) {
      classes.add(text(row.label));
    }
    if (row.probabilities !== null && !Array.isArray(row.probabilities)) {
      Object.keys(row.probabilities).forEach((k) => classes.add(k));
    }
  }
  const list = [...classes];
  const numeric = list.every((c) => c !== '' && Number.isFinite(Number(c)));
  return numeric ? list.sort((a, b) => Number(a) - Number(b)) : list.sort();
}

/** p(class) of a row: from a map by name, from a list by the class's index. */
function probabilityOf(row: JudgedPrediction, cls: string, classes: string[]): number | undefined {
  const p = row.probabilities;
  if (p === null) {
    return undefined;
  }
  return Array.isArray(p) ? p[classes.indexOf(cls)] : p[cls];
}

function classificationMetrics(rows: JudgedPrediction[], settings: MonitorSettings) {
  const truth = rows.map((r) => text(r.label));
  const predicted = rows.map((r) => text(r.predicted));
  const classes = classesOf(rows);
  const binary = classes.length === 2;
  const positive = settings.positiveClass ?? classes[classes.length - 1] ?? '';
  const averaged = precisionRecallF1(truth, predicted, binary ? { average: 'binary', positive } : { average: 'macro' });
  const metrics: Partial<Record<PerformanceMetric, number>> = {
    accuracy: accuracy(truth, predicted),
    precision: averaged.precision,
    recall: averaged.recall,
    f1: averaged.f1,
  };
  const withProbabilities = rows.every((r) => r.probabilities !== null);
  if (withProbabilities && truth.every((t) => classes.includes(t))) {
    const matrix = rows.flatMap((r) => classes.map((c) => probabilityOf(r, c, classes) ?? 0));
    metrics.logLoss = logLoss(truth, matrix, classes);
    if (binary && new Set(truth).size === 2) {
      metrics.rocAuc = rocAuc(
        truth,
        rows.map((r) => probabilityOf(r, positive, classes) ?? 0),
        positive,
      );
    }
  }
  return metrics;
}

function regressionMetrics(rows: JudgedPrediction[]) {
  const truth = rows.map((r) => Number(r.label));
  const predicted = rows.map((r) => Number(r.predicted));
  return {
    mae: meanAbsoluteError(truth, predicted),
    rmse: rootMeanSquaredError(truth, predicted),
    r2: rows.length > 1 ? r2Score(truth, predicted) : Number.NaN,
  };
}

/**
 * CBPE: with calibrated scores, a prediction is right with the probability of its class, so expected accuracy is
 * the mean of those probabilities, and expected TP/FP/FN per class give the expected (macro or binary) F1.
 */
function estimate(rows: JudgedPrediction[], settings: MonitorSettings): { accuracy: number; f1: number } | null {
  const scored = rows.filter((r) => r.probabilities !== null);
  if (scored.length === 0) {
    return null;
  }
  const classes = classesOf(scored);
  let expectedCorrect = 0;
  const perClass = new Map(classes.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  for (const row of scored) {
    const predicted = text(row.predicted);
    for (const cls of classes) {
      const p = probabilityOf(row, cls, classes) ?? 0;
      const counts = perClass.get(cls) as { tp: number; fp: number; fn: number };
      if (cls === predicted) {
        expectedCorrect += p;
        counts.tp += p;
        counts.fp += 1 - p;
      } else {
        counts.fn += p;
      }
    }
  }
  const f1Of = (c: { tp: number; fp: number; fn: number }) => (c.tp === 0 ? 0 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn));
  const positive = settings.positiveClass ?? classes[classes.length - 1] ?? '';
  const f1 =
    classes.length === 2
      ? f1Of(perClass.get(positive) ?? { tp: 0, fp: 0, fn: 0 })
      : [...perClass.values()].reduce((sum, c) => sum + f1Of(c), 0) / Math.max(1, classes.length);
  return { accuracy: expectedCorrect / scored.length, f1 };
}
