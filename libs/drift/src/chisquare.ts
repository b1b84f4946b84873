import { countCategories, unionKeys, type Category } from './categories';
import { DriftInputError } from './errors';
import { chiSquareSf } from './special';

// scipy.stats.chisquare refuses observed and expected totals that differ by more than this, relatively.
const SUM_TOLERANCE = 1e-8;

/** A chi-square goodness-of-fit test: Pearson's statistic, its p-value and degrees of freedom. */
export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  df: number;
}

/**
 * scipy.stats.chisquare(observed, expected): Σ (o − e)² / e and chi2.sf(statistic, k − 1). A category expected 0
 * times but observed makes the statistic ∞ and the p-value 0, as in scipy. With one category (df = 0) scipy answers
 * NaN; here the p-value is 1, since one category cannot differ.
 */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): ChiSquareResult {
  const k = observed.length;
  if (k === 0 || expected.length !== k) {
    throw new DriftInputError(`chi-square needs matching non-empty vectors, got ${k} and ${expected.length}`);
  }
  let observedSum = 0;
  let expectedSum = 0;
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const o = observed[i]!;
    const e = expected[i]!;
    observedSum += o;
    expectedSum += e;
    statistic += ((o - e) * (o - e)) / e;
  }
  if (Math.abs(observedSum - expectedSum) / Math.min(observedSum, expectedSum) > SUM_TOLERANCE) {
    throw new DriftInputError(`observed total ${observedSum} differs from expected total ${expectedSum}`);
  }
  const df = k - 1;
  return { statistic, pValue: df === 0 ? 1 : chiSquareSf(statistic, df), df };
}

/**
 * Evidently's chi_stat_test on raw categories: over the union of categories, the current counts against the
 * reference counts scaled to the current size (count · n_cur / n_ref). Drift when p < 0.05 by default.
 */
export function chiSquareTest(reference: ArrayLike<Category>, current: ArrayLike<Category>): ChiSquareResult {
  if (reference.length === 0 || current.length === 0) {
    throw new DriftInputError('chi-square needs values on both sides');
  }
  const refTable = countCategories(reference);
  const curTable = countCategories(current);
  const keys = unionKeys(refTable, curTable);
  return chiSquareFromCounts(
    keys.map((key) => refTable.get(key) ?? 0),
    keys.map((key) => curTable.get(key) ?? 0),
  );
}

/**
 * The same test from counts per category or bin (index i of both vectors is the same category). Bins empty on both
 * sides are left out, as Evidently's keys are the categories seen on either side.
 */
export function chiSquareFromCounts(reference: ArrayLike<number>, current: ArrayLike<number>): ChiSquareResult {
  if (reference.length !== current.length) {
    throw new DriftInputError(`the two sides have ${reference.length} and ${current.length} bins`);
  }
  let refTotal = 0;
  let curTotal = 0;
  for (let i = 0; i < reference.length; i++) {
    refTotal += reference[i]!;
    curTotal += current[i]!;
  }
  if (!(refTotal > 0 && curTotal > 0)) {
    throw new DriftInputError('chi-square needs counts on both sides');
  }
  const scale = curTotal / refTotal;
  const observed: number[] = [];
  const expected: number[] = [];
  for (let i = 0; i < reference.length; i++) {
    if (reference[i]! > 0 || current[i]! > 0) {
      observed.push(current[i]!);
      expected.push(reference[i]! * scale);
    }
  }
  return chiSquare(observed, expected);
}
