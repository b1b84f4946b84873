import { binnedShares, fillEmptyShares, sharesOf } from './binning';
import type { Category } from './categories';
import { DriftInputError } from './errors';
import type { ColumnKind } from './methods';

/**
 * Jensen–Shannon distance between two distributions, as scipy.spatial.distance.jensenshannon(p, q) with the natural
 * log: both are normalized to sum 1, m = (p + q)/2, and the distance is sqrt((KL(p‖m) + KL(q‖m)) / 2).
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const ps = sharesOf(p);
  const qs = sharesOf(q);
  sameLength(ps, qs);
  let sum = 0;
  for (let i = 0; i < ps.length; i++) {
    const m = (ps[i]! + qs[i]!) / 2;
    sum += relativeEntropy(ps[i]!, m) + relativeEntropy(qs[i]!, m);
  }
  return Math.sqrt(sum / 2);
}

/** Population Stability Index of two share vectors: Σ (ref − cur) · ln(ref / cur), as Evidently's _psi sums it. */
export function psiOfShares(reference: readonly number[], current: readonly number[]): number {
  sameLength(reference, current);
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]!;
    const c = current[i]!;
    sum += (r - c) * Math.log(r / c);
  }
  return sum;
}

/**
 * Evidently's jensenshannon_stat_test on raw values: get_binned_data without filling empty bins, then the
 * Jensen–Shannon distance with the natural log. Drift when ≥ 0.1 by default.
 */
export function jensenShannonTest(
  reference: ArrayLike<Category>,
  current: ArrayLike<Category>,
  kind: ColumnKind,
): number {
  const shares = binnedShares(reference, current, { kind, fillEmpty: false });
  return jensenShannonDistance(shares.reference, shares.current);
}

/** Evidently's psi_stat_test on raw values: get_binned_data with empty bins filled, then the PSI. Drift when ≥ 0.1. */
export function psiTest(reference: ArrayLike<Category>, current: ArrayLike<Category>, kind: ColumnKind): number {
  const shares = binnedShares(reference, current, { kind, fillEmpty: true });
  return psiOfShares(shares.reference, shares.current);
}

/**
 * PSI from counts on the same bins (e.g. a streaming histogram on the reference's edges): shares of each side, empty
 * bins filled as get_binned_data does, then the PSI. Bins empty on both sides are kept, as Evidently keeps them.
 */
export function psiFromCounts(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return psiOfShares(fillEmptyShares(sharesOf(reference)), fillEmptyShares(sharesOf(current)));
}

/** Jensen–Shannon distance from counts on the same bins (no filling, as Evidently's jensenshannon). */
export function jensenShannonFromCounts(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return jensenShannonDistance(reference, current);
}

// scipy.special.rel_entr: x·ln(x/y), 0 when x = 0, ∞ when y = 0 < x (cannot happen here since m ≥ x/2).
function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) {
    return x * Math.log(x / y);
  }
  return x === 0 && y >= 0 ? 0 : Number.POSITIVE_INFINITY;
}

function sameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new DriftInputError(`the two sides have ${a.length} and ${b.length} bins`);
  }
}
