/** Exact reference statistics for tests, computed from materialized values. */

/** Neumaier-compensated sum: exact enough to serve as the reference for 1e-9 comparisons. */
export function exactSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const x of values) {
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Two-pass mean and sample standard deviation (ddof = 1) with compensated sums. */
export function exactMoments(values: readonly number[]): { mean: number; std: number } {
  const n = values.length;
  const mean = exactSum(values) / n;
  const squares = exactSum(values.map((x) => (x - mean) * (x - mean)));
  return { mean, std: n > 1 ? Math.sqrt(squares / (n - 1)) : 0 };
}

/** Numbers of values < x and ≤ x in an ascending array. */
export function countsAround(sorted: Float64Array | readonly number[], x: number): { below: number; atMost: number } {
  const search = (strict: boolean): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = sorted[mid]!;
      if (strict ? v < x : v <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  };
  return { below: search(true), atMost: search(false) };
}

/**
 * How far the value's ranks are from the target rank ceil(q·n): 0 when one of the positions it occupies
 * (below+1 … atMost) is the target. The sketch promises at most epsilon·n.
 */
export function quantileRankError(sorted: Float64Array | readonly number[], q: number, value: number): number {
  const n = sorted.length;
  const target = Math.max(1, Math.ceil(q * n));
  const { below, atMost } = countsAround(sorted, value);
  if (atMost === below) {
    return Number.POSITIVE_INFINITY; // not a value of the data at all
  }
  if (target < below + 1) {
    return below + 1 - target;
  }
  return target > atMost ? target - atMost : 0;
}

/** Counts per bin with the documented rule, written independently of the library: [e_i, e_i+1), last bin closed. */
export function exactHistogram(values: readonly number[], edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  for (const x of values) {
    let bin = -1;
    for (let i = 0; i < bins; i++) {
      if (x >= edges[i]! && (x < edges[i + 1]! || (i === bins - 1 && x <= edges[bins]!))) {
        bin = i;
        break;
      }
    }
    if (bin < 0) {
      throw new Error(`value ${x} outside the histogram`);
    }
    counts[bin]!++;
  }
  return counts;
}

/** Exact two-sample K-S statistic: the largest gap between the two empirical CDFs. */
export function exactKs(a: readonly number[], b: readonly number[]): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === v) {
      i++;
    }
    while (j < y.length && y[j] === v) {
      j++;
    }
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** Relative difference, for 1e-9 comparisons. */
export function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}
