import { ksTest } from '../src';
import { kolmogorovSf } from '../src/kolmogorov';
import { exactKsPValue } from '../src/ks-exact';
import { smirnovSf } from '../src/smirnov';
import { expectClose, reference, sample } from './support/reference';

describe('ksTest matches scipy.stats.ks_2samp', () => {
  it.each(reference.ks.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = ksTest(sample(c.reference), sample(c.current));
    expect(result.pValueMethod).toBe(c.regime === 'exact' ? 'exact' : 'asymptotic');
    expectClose(result.statistic, c.statistic);
    expectClose(result.pValue, c.pValue);
  });
});

describe('scipy internals behind the p-value', () => {
  it('exact two-sided probabilities match _attempt_exact_2kssamp', () => {
    for (const c of reference.ksExact) {
      const exact = exactKsPValue(c.n1, c.n2, c.d);
      expect(exact).not.toBeNull();
      expectClose(exact!.statistic, c.statistic);
      expectClose(exact!.pValue, c.pValue);
    }
  });

  it('kolmogorovSf matches scipy.stats.kstwo.sf across every branch of _kolmogn', () => {
    for (const c of reference.kstwo) {
      try {
        expectClose(kolmogorovSf(c.n, c.d), c.sf);
      } catch (error) {
        throw new Error(`n=${c.n} d=${c.d}: ${(error as Error).message}`);
      }
    }
  });

  it('smirnovSf matches scipy.special.smirnov', () => {
    for (const c of reference.smirnov) {
      try {
        expectClose(smirnovSf(c.n, c.d), c.sf);
      } catch (error) {
        throw new Error(`n=${c.n} d=${c.d}: ${(error as Error).message}`);
      }
    }
  });
});
