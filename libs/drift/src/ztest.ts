import { compareCategories, countCategories, unionKeys, type Category } from './categories';
import { DriftInputError } from './errors';
import { normalTwoSidedP } from './special';

/** A two-proportion Z-test: the z statistic and its two-sided p-value. */
export interface ZTestResult {
  statistic: number;
  pValue: number;
}

/**
 * Evidently's z_stat_test: values equal to the first category in sorted order count 0, all others 1; then
 * z = (p_ref − p_cur) / sqrt(P(1 − P)(1/n_ref + 1/n_cur)) with the pooled share P, and p = 2·(1 − Φ(|z|)). When
 * both sides hold one and the same value, p = 1 (and z = 0 here; Evidently computes none). Drift when p < 0.05.
 */
export function zTest(reference: ArrayLike<Category>, current: ArrayLike<Category>): ZTestResult {
  if (reference.length === 0 || current.length === 0) {
    throw new DriftInputError('the Z-test needs values on both sides');
  }
  const refTable = countCategories(reference);
  const curTable = countCategories(current);
  const keys = unionKeys(refTable, curTable).sort(compareCategories);
  const first = keys[0]!;
  return zTestFromCounts(
    [refTable.get(first) ?? 0, reference.length - (refTable.get(first) ?? 0)],
    [curTable.get(first) ?? 0, current.length - (curTable.get(first) ?? 0)],
  );
}

/**
 * The Z-test from counts [first category, every other category] on each side, as a streaming monitor keeps them.
 * All counts in the same slot on both sides means one shared value: p = 1.
 */
export function zTestFromCounts(reference: readonly [number, number], current: readonly [number, number]): ZTestResult {
  const n1 = reference[0] + reference[1];
  const n2 = current[0] + current[1];
  if (!(n1 > 0 && n2 > 0)) {
    throw new DriftInputError('the Z-test needs counts on both sides');
  }
  if ((reference[1] === 0 && current[1] === 0) || (reference[0] === 0 && current[0] === 0)) {
    return { statistic: 0, pValue: 1 };
  }
  const p1 = reference[1] / n1;
  const p2 = current[1] / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic, pValue: normalTwoSidedP(statistic) };
}
