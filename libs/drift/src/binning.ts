import { binIndex, equalWidthEdges } from '@ferry/statistics';
import { countCategories, unionKeys, type Category } from './categories';
import { DriftInputError } from './errors';
import { ColumnKind } from './methods';

// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and these run per value.
const isFiniteNumber = Number.isFinite;

// get_binned_data bins a numeric column only when its reference has more than this many distinct values.
const MAX_DISTINCT_AS_CATEGORIES = 20;
// The share given to empty bins, unless the smallest non-empty share is already at most this.
const EMPTY_SHARE = 0.0001;

/** Shares of each bin or category on both sides, as Evidently's get_binned_data returns them. */
export interface BinnedShares {
  /** Sturges edges when the column was binned, else undefined. */
  edges: number[] | undefined;
  /** The categories (union over both sides) when it was not, else undefined. */
  categories: Category[] | undefined;
  reference: number[];
  current: number[];
}

/** Options of binnedShares. */
export interface BinningOptions {
  kind: ColumnKind;
  /** Evidently's feel_zeroes: give empty bins a small share (PSI does, Jensen–Shannon does not). */
  fillEmpty: boolean;
}

/**
 * Edges of numpy.histogram_bin_edges(concat(samples), bins='sturges'): ceil(ptp / (ptp / (log2(n) + 1))) equal bins
 * from min to max (edges as numpy.linspace), one bin of width 1 around a constant. Non-finite values are skipped.
 */
export function sturgesEdges(...samples: Array<ArrayLike<number>>): number[] {
  let n = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const values of samples) {
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      if (isFiniteNumber(x)) {
        n++;
        min = x < min ? x : min;
        max = x > max ? x : max;
      }
    }
  }
  if (n === 0) {
    throw new DriftInputError('no finite value to bin');
  }
  const ptp = max - min;
  const width = ptp / (Math.log2(n) + 1);
  const bins = width !== 0 ? Math.ceil(ptp / width) : 1;
  return min === max ? equalWidthEdges(min - 0.5, max + 0.5, bins) : equalWidthEdges(min, max, bins);
}

/**
 * The bin of x on fixed edges, as numpy.histogram: [e_i, e_{i+1}), the last bin closed. Without openEnded, −1 outside
 * [first, last]; with it, bin 0 is (−∞, e_0), bins 1… are numpy's, and the last is (e_last, ∞).
 */
export function binOf(edges: readonly number[], x: number, openEnded = false): number {
  if (!openEnded) {
    return binIndex(edges, x);
  }
  if (x < edges[0]!) {
    return 0;
  }
  if (x > edges[edges.length - 1]!) {
    return edges.length;
  }
  return binIndex(edges, x) + 1;
}

/** Counts of values per bin (see binOf): numpy.histogram's counts, plus the two outer bins when openEnded. */
export function countOnBins(values: ArrayLike<number>, edges: readonly number[], openEnded = false): number[] {
  const counts = new Array<number>(openEnded ? edges.length + 1 : edges.length - 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (isFiniteNumber(x)) {
      const bin = binOf(edges, x, openEnded);
      if (bin >= 0) {
        counts[bin]!++;
      }
    }
  }
  return counts;
}

/**
 * Evidently's get_binned_data: a numeric column whose reference has more than 20 distinct values is cut on the
 * Sturges edges of both samples together; anything else is compared per value over the union of categories. Shares
 * are counts over each side's size; with fillEmpty, empty bins get a small share (fillEmptyShares).
 */
export function binnedShares(
  reference: ArrayLike<Category>,
  current: ArrayLike<Category>,
  options: BinningOptions,
): BinnedShares {
  if (reference.length === 0 || current.length === 0) {
    throw new DriftInputError('binning needs values on both sides');
  }
  let edges: number[] | undefined;
  let categories: Category[] | undefined;
  let refCounts: number[];
  let curCounts: number[];
  if (options.kind === ColumnKind.numeric && distinctAbove(reference, MAX_DISTINCT_AS_CATEGORIES)) {
    const ref = reference as ArrayLike<number>;
    const cur = current as ArrayLike<number>;
    edges = sturgesEdges(ref, cur);
    refCounts = countOnBins(ref, edges);
    curCounts = countOnBins(cur, edges);
  } else {
    const refTable = countCategories(reference);
    const curTable = countCategories(current);
    categories = unionKeys(refTable, curTable);
    refCounts = categories.map((key) => refTable.get(key) ?? 0);
    curCounts = categories.map((key) => curTable.get(key) ?? 0);
  }
  let refShares = refCounts.map((c) => c / reference.length);
  let curShares = curCounts.map((c) => c / current.length);
  if (options.fillEmpty) {
    refShares = fillEmptyShares(refShares);
    curShares = fillEmptyShares(curShares);
  }
  return { edges, categories, reference: refShares, current: curShares };
}

/**
 * get_binned_data's feel_zeroes: every zero share becomes min(non-zero shares) / 10^6 when that minimum is at most
 * 0.0001, else 0.0001. The shares then no longer sum to exactly 1, as in Evidently.
 */
export function fillEmptyShares(shares: readonly number[]): number[] {
  let smallest = Number.POSITIVE_INFINITY;
  for (const s of shares) {
    if (s !== 0 && s < smallest) {
      smallest = s;
    }
  }
  if (smallest === Number.POSITIVE_INFINITY) {
    throw new DriftInputError('every bin is empty');
  }
  const fill = smallest <= EMPTY_SHARE ? smallest / 10 ** 6 : EMPTY_SHARE;
  return shares.map((s) => (s === 0 ? fill : s));
}

/** Counts divided by their total. */
export function sharesOf(counts: ArrayLike<number>): number[] {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (!(c >= 0 && isFiniteNumber(c))) {
      throw new DriftInputError(`counts must be finite and non-negative, got ${c}`);
    }
    total += c;
  }
  if (total === 0) {
    throw new DriftInputError('every bin is empty');
  }
  return Array.from(counts, (c) => c / total);
}

// Whether there are more than `limit` distinct values, stopping as soon as there are.
function distinctAbove(values: ArrayLike<Category>, limit: number): boolean {
  const seen = new Set<Category>();
  for (let i = 0; i < values.length; i++) {
    seen.add(values[i]!);
    if (seen.size > limit) {
      return true;
    }
  }
  return false;
}
