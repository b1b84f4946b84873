import { TrainerParamError } from '../errors';
import { type Label, sameLength } from './check';

/** Sum of squared Euclidean distances of each row of x (n × width, row-major) to the centre (k × width) of its label. */
export function inertia(
  x: ArrayLike<number>,
  width: number,
  centers: ArrayLike<number>,
  labels: ArrayLike<number>,
): number {
  const n = labels.length;
  if (x.length !== n * width) {
    throw new TrainerParamError('x', `expected ${n} × ${width} values, got ${x.length}`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    for (let j = 0; j < width; j++) {
      sum += (x[i * width + j]! - centers[c * width + j]!) ** 2;
    }
  }
  return sum;
}

/** Adjusted Rand index of two labelings, from their pair confusion matrix as scikit-learn computes it. */
export function adjustedRandIndex(a: ArrayLike<Label>, b: ArrayLike<Label>): number {
  const n = sameLength(a, b, ['labelsTrue', 'labelsPred']);
  const cells = new Map<string, number>();
  const rows = new Map<Label, number>();
  const columns = new Map<Label, number>();
  for (let i = 0; i < n; i++) {
    const key = `${typeof a[i]}:${a[i]}\u0000${typeof b[i]}:${b[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    columns.set(b[i]!, (columns.get(b[i]!) ?? 0) + 1);
  }
  let sumSquares = 0;
  for (const count of cells.values()) {
    sumSquares += count * count;
  }
  let rowSquares = 0;
  for (const count of rows.values()) {
    rowSquares += count * count;
  }
  let columnSquares = 0;
  for (const count of columns.values()) {
    columnSquares += count * count;
  }
  // Pairs: together in both (tp), only in b (fp), only in a (fn), apart in both (tn) — ordered pairs, as sklearn.
  const tp = sumSquares - n;
  const fp = columnSquares - sumSquares;
  const fn = rowSquares - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  if (fn === 0 && fp === 0) {
    return 1;
  }
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}
