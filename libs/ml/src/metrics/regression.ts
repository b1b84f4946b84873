import { sameLength } from './check';

/** Mean absolute error. */
export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = sameLength(yTrue, yPred, ['yTrue', 'yPred']);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += Math.abs(yTrue[i]! - yPred[i]!);
  }
  return sum / n;
}

/** Root mean squared error. */
export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = sameLength(yTrue, yPred, ['yTrue', 'yPred']);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += (yTrue[i]! - yPred[i]!) ** 2;
  }
  return Math.sqrt(sum / n);
}

/** Coefficient of determination; for a constant yTrue, 1 when predicted exactly and 0 otherwise (as scikit-learn). */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = sameLength(yTrue, yPred, ['yTrue', 'yPred']);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    mean += yTrue[i]!;
  }
  mean /= n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += (yTrue[i]! - yPred[i]!) ** 2;
    total += (yTrue[i]! - mean) ** 2;
  }
  if (total === 0) {
    return residual === 0 ? 1 : 0;
  }
  return 1 - residual / total;
}
