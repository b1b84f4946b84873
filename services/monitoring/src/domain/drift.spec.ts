import { chiSquareTest, ksTest, wassersteinNorm } from '@ferry/drift';

import { ColumnSummary } from './column-summary';
import { compareColumn, compareWindow } from './drift';

function summary(values: unknown[]): ColumnSummary {
  const s = new ColumnSummary();
  values.forEach((v) => s.add(v));
  return s;
}

/** A deterministic pseudo-normal sample. */
function sample(n: number, seed: number, shift = 0): number[] {
  let state = seed;
  const uniform = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state + 0.5) / 2147483648;
  };
  return Array.from(
    { length: n },
    () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()) + shift,
  );
}

const settings = { driftShare: 0.5 };

describe('compareColumn', () => {
  it('uses K-S against a small reference, equal to the exact test while the window is kept whole', () => {
    const ref = sample(800, 1);
    const cur = sample(500, 2, 0.1);
    const result = compareColumn('x', summary(ref), summary(cur), settings);
    const exact = ksTest(ref, cur);
    expect(result.method).toBe('ks');
    expect(result.statistic).toBeCloseTo(exact.statistic, 12);
    expect(result.pValue).toBeCloseTo(exact.pValue, 9);
  });

  it('uses normed Wasserstein against a large reference, within the sketch error of the exact value', () => {
    const ref = sample(5000, 3);
    const cur = sample(5000, 4, 0.3);
    const result = compareColumn('x', summary(ref), summary(cur), settings);
    expect(result.method).toBe('wasserstein');
    expect(Math.abs(result.statistic - wassersteinNorm(ref, cur).statistic)).toBeLessThan(0.02);
    expect(result.drifted).toBe(true);
  });

  it('compares categories with chi-square (small reference) and strings as categories', () => {
    const ref = Array.from({ length: 300 }, (_, i) => ['fr', 'de', 'us'][i % 3] as string);
    const cur = Array.from({ length: 200 }, (_, i) => ['fr', 'de', 'us', 'us'][i % 4] as string);
    const result = compareColumn('country', summary(ref), summary(cur), settings);
    const exact = chiSquareTest(ref, cur);
    expect(result.method).toBe('chisquare');
    expect(result.statistic).toBeCloseTo(exact.statistic, 9);
    expect(result.pValue).toBeCloseTo(exact.pValue, 9);
  });

  it('follows per-column overrides (PSI on reference bins) and their thresholds', () => {
    const result = compareColumn('x', summary(sample(3000, 5)), summary(sample(1000, 6, 1)), {
      driftShare: 0.5,
      columns: { x: { method: 'psi', threshold: 0.5 } },
    });
    expect(result).toMatchObject({ method: 'psi', threshold: 0.5, pValue: null, drifted: true });
  });
});

describe('compareWindow', () => {
  it('drifts when at least the drift share of shared columns drift, and skips columns one side lacks', () => {
    const reference = new Map([
      ['a', summary(sample(500, 7))],
      ['b', summary(sample(500, 8))],
      ['only-reference', summary(sample(500, 9))],
    ]);
    const window = new Map([
      ['a', summary(sample(500, 10, 2))],
      ['b', summary(sample(500, 11))],
    ]);
    const outcome = compareWindow(reference, window, settings);
    expect(outcome?.features.map((f) => [f.column, f.drifted])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(outcome?.datasetDrift).toBe(true);
    expect(compareWindow(reference, window, { driftShare: 0.6 })?.datasetDrift).toBe(false);
  });
});
