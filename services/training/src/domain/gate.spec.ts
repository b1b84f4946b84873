import { decide } from './decision';
import { computeMetrics } from './metrics';
import type { PromotionSpec, ValidationSpec } from './pipeline';
import { trialParams } from './search-space';

const ifBetter: PromotionSpec = { alias: 'production', policy: 'if_better', minImprovement: 0.02 };
const accuracy: ValidationSpec = { holdoutFraction: 0.2, seed: 0, metric: 'accuracy', greaterIsBetter: true };
const rmse: ValidationSpec = { holdoutFraction: 0.2, seed: 0, metric: 'rmse', greaterIsBetter: false };

describe('the promotion decision', () => {
  it('moves the alias when there is no champion, or when the challenger wins by the minimum improvement', () => {
    expect(decide(ifBetter, accuracy, { version: 1, score: 0.7 }, { kind: 'none' })).toMatchObject({
      promoted: true,
      championScore: null,
      championVersion: null,
    });
    const won = decide(ifBetter, accuracy, { version: 3, score: 0.93 }, { kind: 'scored', version: 2, score: 0.9 });
    expect(won).toMatchObject({ promoted: true, challengerScore: 0.93, championScore: 0.9, championVersion: 2 });
    const lowerWins = decide(ifBetter, rmse, { version: 3, score: 1.0 }, { kind: 'scored', version: 2, score: 1.5 });
    expect(lowerWins.promoted).toBe(true);
  });

  it('keeps the alias for a worse challenger, a tie, or a win smaller than the minimum, and says why', () => {
    const worse = decide(ifBetter, accuracy, { version: 3, score: 0.8 }, { kind: 'scored', version: 2, score: 0.9 });
    expect(worse).toMatchObject({ promoted: false, challengerScore: 0.8, championScore: 0.9 });
    expect(worse.reason).toMatch(/is worse than champion version 2/);
    const tie = decide(ifBetter, accuracy, { version: 3, score: 0.9 }, { kind: 'scored', version: 2, score: 0.9 });
    expect(tie.reason).toMatch(/ties/);
    const small = decide(ifBetter, accuracy, { version: 3, score: 0.91 }, { kind: 'scored', version: 2, score: 0.9 });
    expect(small).toMatchObject({ promoted: false });
    expect(small.reason).toMatch(/beats champion version 2 \(0\.9\) by only 0\.01 /);
    const higherLoses = decide(ifBetter, rmse, { version: 3, score: 2 }, { kind: 'scored', version: 2, score: 1.5 });
    expect(higherLoses.promoted).toBe(false);
  });

  it('keeps the alias when the champion cannot be scored, and never moves it under the manual policy', () => {
    const unscorable = decide(
      ifBetter,
      accuracy,
      { version: 3, score: 0.9 },
      { kind: 'unscorable', version: 2, reason: 'x' },
    );
    expect(unscorable).toMatchObject({ promoted: false, championVersion: 2, championScore: null });
    const manual = decide(
      { ...ifBetter, policy: 'manual' },
      accuracy,
      { version: 3, score: 0.99 },
      { kind: 'scored', version: 2, score: 0.5 },
    );
    expect(manual).toMatchObject({ promoted: false, championScore: 0.5 });
    expect(manual.reason).toMatch(/policy is manual/);
  });
});

describe('holdout metrics', () => {
  it('computes the classification metrics from labels and probabilities', () => {
    const metrics = computeMetrics(
      'classification',
      { kind: 'labels', values: ['a', 'b', 'b', 'a'] },
      {
        labels: ['a', 'b', 'a', 'a'],
        probabilities: { classes: ['a', 'b'], values: Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.7, 0.3]) },
      },
    );
    expect(metrics.accuracy).toBe(0.75);
    expect(metrics.roc_auc).toBe(1);
    expect(metrics.log_loss).toBeCloseTo((-Math.log(0.9) - Math.log(0.8) - Math.log(0.4) - Math.log(0.7)) / 4, 12);
  });

  it('computes the inertia from the distances to each row’s centre', () => {
    const metrics = computeMetrics('clustering', null, {
      labels: ['0', '1'],
      distances: { k: 2, values: Float64Array.from([1, 3, 4, 2]) },
    });
    expect(metrics.inertia).toBe(1 + 4);
  });
});

describe('trials of a search', () => {
  it('walks a grid in order up to the trial budget, over the base params', () => {
    const search = { strategy: 'grid' as const, space: { C: [0.1, 1], maxIterations: [10, 20, 30] }, trials: 4 };
    expect(trialParams({ tolerance: 1e-3 }, search, 0)).toEqual([
      { tolerance: 1e-3, C: 0.1, maxIterations: 10 },
      { tolerance: 1e-3, C: 0.1, maxIterations: 20 },
      { tolerance: 1e-3, C: 0.1, maxIterations: 30 },
      { tolerance: 1e-3, C: 1, maxIterations: 10 },
    ]);
  });

  it('draws random points in their ranges, the same for the same seed', () => {
    const search = {
      strategy: 'random' as const,
      space: {
        C: { min: 0.001, max: 100, log: true, integer: false },
        k: { min: 2, max: 5, log: false, integer: true },
      },
      trials: 50,
    };
    const points = trialParams({}, search, 7);
    expect(points).toHaveLength(50);
    for (const point of points) {
      expect(point.C as number).toBeGreaterThanOrEqual(0.001);
      expect(point.C as number).toBeLessThanOrEqual(100);
      expect([2, 3, 4, 5]).toContain(point.k);
    }
    // Log-uniform: about half the draws fall below the geometric mean (0.316).
    const below = points.filter((p) => (p.C as number) < Math.sqrt(0.1)).length;
    expect(below).toBeGreaterThan(12);
    expect(below).toBeLessThan(38);
    expect(trialParams({}, search, 7)).toEqual(points);
    expect(trialParams({ C: 1 }, null, 7)).toEqual([{ C: 1 }]);
  });
});
