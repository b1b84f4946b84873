import { kolmogorovSf } from './kolmogorov';
import { exactKsPValue, roundHalfEven } from './ks-exact';
import { finiteValues } from './samples';

// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and these run per value.
const { abs, max, min } = Math;

// ks_2samp's method='auto' is exact while both sizes are at most this.
const MAX_EXACT_N = 10_000;

/** How the p-value was computed: scipy's exact lattice-path count or the Kolmogorov distribution kstwo. */
export type KsPValueMethod = 'exact' | 'asymptotic';

/** A two-sample K-S test: the statistic D, its two-sided p-value and how that was computed. */
export interface KsResult {
  statistic: number;
  pValue: number;
  pValueMethod: KsPValueMethod;
}

/**
 * Two-sample two-sided Kolmogorov–Smirnov test, as scipy.stats.ks_2samp(reference, current) with its defaults
 * (alternative='two-sided', method='auto'). Non-finite values are dropped. The statistic costs
 * O(s log s + l log s) for the smaller and larger sizes s and l; the exact p-value (both sizes ≤ 10,000) costs
 * O(max(n) · D · min(n)) more.
 */
export function ksTest(reference: ArrayLike<number>, current: ArrayLike<number>): KsResult {
  const a = finiteValues(reference, 'reference');
  const b = finiteValues(current, 'current');
  return ksPValue(ksStatistic(a, b), a.length, b.length);
}

/**
 * D = max |F1 − F2| over the values of both samples, as ks_2samp evaluates it (cdf = searchsorted(..., 'right') / n).
 * Only the smaller sample is sorted: the larger one is counted per gap between the smaller one's distinct values,
 * and within a gap |F1 − F2| is largest at the gap's last value, where the larger sample's CDF is the count below
 * the gap's end. Both CDFs are the same quotients count / n as scipy's, so D is the same double.
 */
export function ksStatistic(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [small, large] = x.length <= y.length ? [x, y] : [y, x];
  const ns = small.length;
  const nl = large.length;
  const sorted = Float64Array.from(small).sort();
  // Distinct values of the smaller sample and how many of its values are ≤ each.
  const distinct = new Float64Array(ns);
  const atMost = new Float64Array(ns);
  let k = 0;
  for (let i = 0; i < ns; i++) {
    if (k > 0 && distinct[k - 1] === sorted[i]) {
      atMost[k - 1] = i + 1;
    } else {
      distinct[k] = sorted[i]!;
      atMost[k++] = i + 1;
    }
  }
  // equal[i]: larger-sample values equal to distinct[i]; below[i]: those strictly between distinct[i−1] and distinct[i].
  const equal = new Float64Array(k);
  const below = new Float64Array(k + 1);
  for (let j = 0; j < nl; j++) {
    const v = large[j]!;
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo > 0 && distinct[lo - 1] === v) {
      equal[lo - 1]!++;
    } else {
      below[lo]!++;
    }
  }
  let d = 0;
  let counted = 0;
  for (let i = 0; i <= k; i++) {
    const smallCdf = i === 0 ? 0 : atMost[i - 1]! / ns;
    if (below[i]! > 0) {
      counted += below[i]!;
      d = max(d, abs(smallCdf - counted / nl));
    }
    if (i < k) {
      counted += equal[i]!;
      d = max(d, abs(atMost[i]! / ns - counted / nl));
    }
  }
  return d;
}

/**
 * The p-value of a K-S statistic d for sizes n1 and n2, choosing as ks_2samp(method='auto') does: exact when
 * max(n1, n2) ≤ 10,000 (and the statistic is then rounded to a multiple of 1/lcm(n1, n2), as scipy returns it),
 * otherwise kstwo.sf(d, round(n1·n2/(n1 + n2))).
 */
export function ksPValue(d: number, n1: number, n2: number): KsResult {
  if (max(n1, n2) <= MAX_EXACT_N) {
    const exact = exactKsPValue(n1, n2, d);
    if (exact !== null) {
      return { statistic: exact.statistic, pValue: exact.pValue, pValueMethod: 'exact' };
    }
  }
  const m = max(n1, n2);
  const n = min(n1, n2);
  const en = (m * n) / (m + n);
  const pValue = min(1, max(0, kolmogorovSf(roundHalfEven(en), d)));
  return { statistic: d, pValue, pValueMethod: 'asymptotic' };
}
