import { finiteSorted, populationStd } from './samples';

// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and these run per value.
const { abs, max } = Math;

/** Evidently's floor on the reference std, so a constant reference does not divide by zero. */
export const WASSERSTEIN_MIN_NORM = 0.001;

/** The normed Wasserstein distance with its parts. */
export interface WassersteinResult {
  /** W1 / max(std(reference), 0.001): the drift score. */
  statistic: number;
  /** W1, the unnormed distance. */
  distance: number;
  /** max(population std of the reference (ddof = 0), 0.001). */
  norm: number;
}

/**
 * First Wasserstein distance between two samples, as scipy.stats.wasserstein_distance(u, v): ∫ |F_u − F_v| dx over
 * the merged sorted values. Non-finite values are dropped. O((n + m) log(n + m)).
 */
export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  return wassersteinSorted(finiteSorted(u, 'reference'), finiteSorted(v, 'current'));
}

/** W1 of two ascending samples. */
export function wassersteinSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < n1 || j < n2) {
    const x = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < n1 && a[i]! <= x) {
      i++;
    }
    while (j < n2 && b[j]! <= x) {
      j++;
    }
    if (i === n1 && j === n2) {
      break;
    }
    const next = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    sum += abs(i / n1 - j / n2) * (next - x);
  }
  return sum;
}

/**
 * Evidently's wasserstein_distance_norm: wasserstein_distance(reference, current) / max(np.std(reference), 0.001),
 * where np.std of a pandas Series is the population std (ddof = 0). Drift when the statistic is ≥ 0.1 by default.
 */
export function wassersteinNorm(reference: ArrayLike<number>, current: ArrayLike<number>): WassersteinResult {
  const a = finiteSorted(reference, 'reference');
  const b = finiteSorted(current, 'current');
  const distance = wassersteinSorted(a, b);
  const norm = max(populationStd(a), WASSERSTEIN_MIN_NORM);
  return { statistic: distance / norm, distance, norm };
}
