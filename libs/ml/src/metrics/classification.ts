import { TrainerParamError } from '../errors';
import { type Label, sameLength } from './check';

/** How precision, recall and F1 are averaged: one positive class, or the unweighted mean over all labels. */
export type Averaging = { average: 'binary'; positive: Label } | { average: 'macro' };

/** Precision, recall and F1 together. */
export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
}

/** Fraction of predictions equal to the truth. */
export function accuracy(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  const n = sameLength(yTrue, yPred, ['yTrue', 'yPred']);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    if (yTrue[i] === yPred[i]) {
      correct++;
    }
  }
  return correct / n;
}

/**
 * Precision, recall and F1 as scikit-learn computes them (a 0/0 ratio counts as 0). Macro: the mean of each label's
 * values over the labels found in yTrue or yPred.
 */
export function precisionRecallF1(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  averaging: Averaging,
): PrecisionRecallF1 {
  const n = sameLength(yTrue, yPred, ['yTrue', 'yPred']);
  if (averaging.average === 'binary') {
    return forLabel(yTrue, yPred, n, averaging.positive);
  }
  const labels = new Set<Label>();
  for (let i = 0; i < n; i++) {
    labels.add(yTrue[i]!);
    labels.add(yPred[i]!);
  }
  const total = { precision: 0, recall: 0, f1: 0 };
  for (const label of labels) {
    const one = forLabel(yTrue, yPred, n, label);
    total.precision += one.precision;
    total.recall += one.recall;
    total.f1 += one.f1;
  }
  return { precision: total.precision / labels.size, recall: total.recall / labels.size, f1: total.f1 / labels.size };
}

/** F1 score (binary with a positive class, or macro). */
export function f1Score(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, averaging: Averaging): number {
  return precisionRecallF1(yTrue, yPred, averaging).f1;
}

function forLabel(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, n: number, label: Label): PrecisionRecallF1 {
  let tp = 0;
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < n; i++) {
    const isTrue = yTrue[i] === label;
    const isPredicted = yPred[i] === label;
    actual += isTrue ? 1 : 0;
    predicted += isPredicted ? 1 : 0;
    tp += isTrue && isPredicted ? 1 : 0;
  }
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = actual === 0 ? 0 : tp / actual;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * Mean log loss as scikit-learn's log_loss: probabilities clipped to [eps, 1 − eps] and each row renormalized.
 * `probabilities` is n × classes row-major in the order of `classes`, or (two classes) n probabilities of classes[1].
 */
export function logLoss(
  yTrue: ArrayLike<Label>,
  probabilities: ArrayLike<number>,
  classes: readonly Label[],
  eps = 1e-15,
): number {
  const n = yTrue.length;
  const k = classes.length;
  const index = new Map<Label, number>(classes.map((label, i) => [label, i]));
  const oneColumn = k === 2 && probabilities.length === n;
  if (!oneColumn && probabilities.length !== n * k) {
    throw new TrainerParamError('probabilities', `expected ${n} × ${k} values, got ${probabilities.length}`);
  }
  sameLength(yTrue, { length: n }, ['yTrue', 'yTrue']);
  const clip = (p: number): number => Math.min(1 - eps, Math.max(eps, p));
  const row = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const label = index.get(yTrue[i]!);
    if (label === undefined) {
      throw new TrainerParamError('yTrue', `label ${JSON.stringify(yTrue[i])} is not one of the classes`);
    }
    if (oneColumn) {
      const p = clip(probabilities[i]!);
      row[0] = 1 - p;
      row[1] = p;
    } else {
      for (let c = 0; c < k; c++) {
        row[c] = clip(probabilities[i * k + c]!);
      }
    }
    let sum = 0;
    for (let c = 0; c < k; c++) {
      sum += row[c]!;
    }
    total -= Math.log(row[label]! / sum);
  }
  return total / n;
}

/**
 * Area under the ROC curve of scores for the positive class; tied scores count one half, as the trapezoids of
 * scikit-learn's roc_auc_score do. Needs both classes in yTrue.
 */
export function rocAuc(yTrue: ArrayLike<Label>, scores: ArrayLike<number>, positive: Label): number {
  const n = sameLength(yTrue, scores, ['yTrue', 'scores']);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  // Mann–Whitney U from average ranks: each tie group gets the mean of the ranks it spans.
  let rankSum = 0;
  let positives = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) {
      end++;
    }
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) {
      if (yTrue[order[j]!] === positive) {
        rankSum += rank;
        positives++;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new TrainerParamError('yTrue', 'ROC AUC needs both positive and negative rows');
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
