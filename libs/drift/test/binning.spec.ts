import {
  binnedShares,
  binOf,
  chiSquare,
  chiSquareFromCounts,
  ColumnKind,
  countOnBins,
  DriftInputError,
  fillEmptyShares,
  jensenShannonDistance,
  psiFromCounts,
  sturgesEdges,
  zTestFromCounts,
} from '../src';
import { expectClose } from './support/reference';

describe('sturgesEdges', () => {
  it('puts one bin of width 1 around a constant, as numpy', () => {
    expect(sturgesEdges([3, 3, 3])).toEqual([2.5, 3.5]);
  });

  it('spans both samples and skips non-finite values', () => {
    const edges = sturgesEdges([0, 1, Number.NaN], [3, Number.POSITIVE_INFINITY]);
    // n = 4: log2(4) + 1 = 3 bins over [0, 3].
    expect(edges).toEqual([0, 1, 2, 3]);
  });

  it('refuses a sample with nothing to bin', () => {
    expect(() => sturgesEdges([Number.NaN])).toThrow(DriftInputError);
  });
});

describe('binOf and countOnBins use numpy.histogram bins', () => {
  const edges = [0, 1, 2];

  it('closes every bin on the left and the last on both sides', () => {
    expect([0, 0.5, 1, 1.5, 2].map((x) => binOf(edges, x))).toEqual([0, 0, 1, 1, 1]);
    expect([-0.1, 2.1].map((x) => binOf(edges, x))).toEqual([-1, -1]);
    expect(countOnBins([-1, 0, 1, 2, 3, Number.NaN], edges)).toEqual([1, 2]);
  });

  it('adds open outer bins (−∞, first) and (last, ∞) when asked', () => {
    expect([-5, 0, 1, 2, 2.0001].map((x) => binOf(edges, x, true))).toEqual([0, 1, 2, 2, 3]);
    expect(countOnBins([-1, 0, 1, 2, 3], edges, true)).toEqual([1, 1, 2, 1]);
  });
});

describe('fillEmptyShares (get_binned_data feel_zeroes)', () => {
  it('fills with 0.0001 while every share is larger', () => {
    expect(fillEmptyShares([0.5, 0, 0.5])).toEqual([0.5, 0.0001, 0.5]);
  });

  it('fills with min / 10^6 once the smallest share is at most 0.0001', () => {
    expect(fillEmptyShares([0.99995, 0, 0.00005])).toEqual([0.99995, 0.00005 / 1e6, 0.00005]);
    expect(fillEmptyShares([0.9999, 0, 0.0001])).toEqual([0.9999, 0.0001 / 1e6, 0.0001]);
  });

  it('refuses all-empty bins', () => {
    expect(() => fillEmptyShares([0, 0])).toThrow(DriftInputError);
  });
});

describe('binnedShares', () => {
  it('compares a numeric reference with at most 20 distinct values per value (Evidently counts the reference only)', () => {
    const reference = [1, 2, 3, 1, 2, 3];
    const current = Array.from({ length: 30 }, (_, i) => i / 7);
    const shares = binnedShares(reference, current, { kind: ColumnKind.numeric, fillEmpty: false });
    expect(shares.edges).toBeUndefined();
    // The 30 current values are the union: the reference's 1, 2 and 3 are among them (7/7, 14/7, 21/7).
    expect(shares.categories).toHaveLength(30);
  });

  it('bins a numeric reference with more than 20 distinct values on Sturges edges', () => {
    const reference = Array.from({ length: 21 }, (_, i) => i);
    const shares = binnedShares(reference, [0, 20], { kind: ColumnKind.numeric, fillEmpty: false });
    expect(shares.edges).toEqual(sturgesEdges(reference, [0, 20]));
    expect(shares.current.reduce((a, b) => a + b)).toBe(1);
  });
});

describe('count-based entry points', () => {
  it('PSI and Jensen–Shannon are 0 for proportional counts', () => {
    expect(psiFromCounts([10, 20, 0, 70], [1, 2, 0, 7])).toBe(0);
    expect(jensenShannonDistance([10, 20, 0, 70], [1, 2, 0, 7])).toBe(0);
  });

  it('reach sqrt(ln 2) for disjoint supports', () => {
    expectClose(jensenShannonDistance([1, 0], [0, 1]), Math.sqrt(Math.LN2));
  });

  it('chi-square leaves out bins empty on both sides', () => {
    expect(chiSquareFromCounts([0, 5, 5, 0], [0, 3, 7, 0])).toEqual(chiSquareFromCounts([5, 5], [3, 7]));
    expect(chiSquareFromCounts([5, 5], [3, 7]).df).toBe(1);
  });

  it('chi-square refuses observed and expected totals that disagree, as scipy', () => {
    expect(() => chiSquare([1, 2], [1, 1])).toThrow(DriftInputError);
  });

  it('refuses mismatched bins and negative counts', () => {
    expect(() => psiFromCounts([1, 2], [1, 2, 3])).toThrow(DriftInputError);
    expect(() => chiSquareFromCounts([1, 2], [1])).toThrow(DriftInputError);
    expect(() => psiFromCounts([1, -2], [1, 2])).toThrow(DriftInputError);
  });

  it('the Z-test from [first, other] counts', () => {
    expect(zTestFromCounts([30, 0], [12, 0])).toEqual({ statistic: 0, pValue: 1 });
    const z = zTestFromCounts([70, 30], [62, 38]);
    const p1 = 0.3;
    const p2 = 0.38;
    const pooled = 0.34;
    expectClose(z.statistic, (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / 100 + 1 / 100)));
  });
});
