import {
  binnedShares,
  chiSquareFromCounts,
  chiSquareSf,
  chiSquareTest,
  ColumnKind,
  countOnBins,
  jensenShannonFromCounts,
  jensenShannonTest,
  normalTwoSidedP,
  psiFromCounts,
  psiTest,
  sturgesEdges,
  wassersteinDistance,
  wassersteinNorm,
  zTest,
} from '../src';
import { decode, expectClose, reference, sample, values } from './support/reference';

// Every comparison is to 1e-6: absolute for values up to 1 (p-values, distances, shares), relative above (see
// expectClose); edges and counts must be identical.

describe('chi-square matches Evidently chi_stat_test (scipy.stats.chisquare)', () => {
  it.each(reference.chisquare.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = chiSquareTest(values(c.reference), values(c.current));
    expectClose(result.statistic, decode(c.statistic!));
    expectClose(result.pValue, decode(c.pValue));
  });
});

describe('Z-test matches Evidently z_stat_test', () => {
  it.each(reference.ztest.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = zTest(values(c.reference), values(c.current));
    expectClose(result.pValue, decode(c.pValue));
    if (c.statistic !== null) {
      expectClose(result.statistic, decode(c.statistic));
    }
  });
});

describe('normed Wasserstein matches Evidently wasserstein_distance_norm', () => {
  it.each(reference.wasserstein.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ref = sample(c.reference);
    const cur = sample(c.current);
    const result = wassersteinNorm(ref, cur);
    expectClose(wassersteinDistance(ref, cur), c.distance);
    expectClose(result.distance, c.distance);
    expectClose(result.norm, c.norm);
    expectClose(result.statistic, c.statistic);
  });
});

describe('binned methods match Evidently get_binned_data, psi and jensenshannon', () => {
  it.each(reference.binned.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ref = values(c.reference);
    const cur = values(c.current);
    const kind = c.numerical ? ColumnKind.numeric : ColumnKind.categorical;
    expectClose(psiTest(ref, cur, kind), c.psi);
    expectClose(jensenShannonTest(ref, cur, kind), c.jensenshannon);
    const shares = binnedShares(ref, cur, { kind, fillEmpty: true });
    expect(shares.edges !== undefined).toBe(c.binned);
    if (c.binned) {
      expect(shares.edges).toEqual(c.edges);
      shares.reference.forEach((s, i) => expectClose(s, c.referencePercents![i]!));
      shares.current.forEach((s, i) => expectClose(s, c.currentPercents![i]!));
      // The same statistics from counts on those edges, as a monitor holding counts would compute them.
      const refCounts = countOnBins(ref as number[], c.edges!);
      const curCounts = countOnBins(cur as number[], c.edges!);
      expect(refCounts).toEqual(c.referenceCounts);
      expect(curCounts).toEqual(c.currentCounts);
      expectClose(psiFromCounts(refCounts, curCounts), c.psi);
      expectClose(jensenShannonFromCounts(refCounts, curCounts), c.jensenshannon);
    }
  });
});

describe('Sturges edges match numpy.histogram_bin_edges(bins="sturges")', () => {
  it.each(reference.sturges.map((c) => [JSON.stringify(c.sample), c] as const))('%s', (_name, c) => {
    expect(sturgesEdges(sample(c.sample))).toEqual(c.edges);
  });
});

describe('statistics from counts on fixed bins with open outer bins', () => {
  it.each(reference.counts.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(countOnBins(sample('normal_1000'), c.edges, true)).toEqual(c.referenceCounts);
    expect(
      countOnBins(
        sample('shifted_300').map((x) => x * 1.3),
        c.edges,
        true,
      ),
    ).toEqual(c.currentCounts);
    expectClose(psiFromCounts(c.referenceCounts, c.currentCounts), c.psi);
    expectClose(jensenShannonFromCounts(c.referenceCounts, c.currentCounts), c.jensenshannon);
    const chi = chiSquareFromCounts(c.referenceCounts, c.currentCounts);
    expectClose(chi.statistic, decode(c.chisquare.statistic));
    expectClose(chi.pValue, decode(c.chisquare.pValue));
  });
});

describe('distributions behind the p-values', () => {
  it('chiSquareSf matches scipy.stats.chi2.sf', () => {
    for (const c of reference.special.chi2) {
      expectClose(chiSquareSf(c.x, c.df), c.sf, 1e-10);
    }
  });

  it('normalTwoSidedP matches 2 · scipy.stats.norm.sf(|z|)', () => {
    for (const c of reference.special.normal) {
      expectClose(normalTwoSidedP(c.z), c.twoSided, 1e-12);
      expectClose(normalTwoSidedP(-c.z), c.twoSided, 1e-12);
    }
  });
});
