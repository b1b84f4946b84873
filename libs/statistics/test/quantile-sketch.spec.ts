import { ksStatistic, QuantileSketch } from '@ferry/statistics';
import { countsAround, exactKs, quantileRankError } from './support/exact';
import { Random } from './support/random';

const N = 100_000;

function datasets(): Array<[string, number[]]> {
  const random = new Random(7);
  const uniform = Array.from({ length: N }, () => random.normal(50, 10));
  const sorted = [...uniform].sort((a, b) => a - b);
  return [
    ['random normal', uniform],
    ['sorted', sorted],
    ['reversed', [...sorted].reverse()],
    ['heavily duplicated (7 values)', Array.from({ length: N }, () => random.int(7))],
    ['one value', new Array<number>(N).fill(3.5)],
    ['skewed with ties', Array.from({ length: N }, () => Math.round(Math.exp(random.normal(0, 2)) * 10) / 10)],
    ['alternating extremes', Array.from({ length: N }, (_, i) => (i % 2 === 0 ? i : -i))],
  ];
}

describe('QuantileSketch (Greenwald–Khanna, batch insertion)', () => {
  it('has epsilon 0.001 by default and counts values', () => {
    const sketch = new QuantileSketch();
    expect(sketch.epsilon).toBe(0.001);
    expect(sketch.count).toBe(0);
    expect(Number.isNaN(sketch.quantile(0.5))).toBe(true);
    expect(sketch.rank(1)).toBe(0);
    sketch.add(1);
    sketch.add(2);
    expect(sketch.count).toBe(2);
  });

  it('refuses non-finite values and bad epsilons', () => {
    expect(() => new QuantileSketch().add(Number.NaN)).toThrow(RangeError);
    expect(() => new QuantileSketch().add(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => new QuantileSketch(0)).toThrow(RangeError);
    expect(() => new QuantileSketch(1)).toThrow(RangeError);
  });

  it('is exact while epsilon · n < 1 (inverted-CDF quantiles, exact ranks)', () => {
    const random = new Random(3);
    const values = Array.from({ length: 900 }, () => random.int(300));
    const sketch = new QuantileSketch();
    values.forEach((x) => sketch.add(x));
    const sorted = Float64Array.from(values).sort();
    for (let k = 0; k <= 100; k++) {
      const q = k / 100;
      expect(sketch.quantile(q)).toBe(sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]);
    }
    for (let x = -1; x <= 301; x++) {
      expect(sketch.rank(x)).toBe(countsAround(sorted, x).atMost);
    }
  });

  describe.each(datasets())('on %s data, n = 100k', (_name, values) => {
    const sketch = new QuantileSketch();
    values.forEach((x) => sketch.add(x));
    const sorted = Float64Array.from(values).sort();
    const bound = sketch.epsilon * N;

    it('answers every quantile within epsilon · n ranks, min and max exactly', () => {
      let worst = 0;
      for (let k = 0; k <= 1000; k++) {
        worst = Math.max(worst, quantileRankError(sorted, k / 1000, sketch.quantile(k / 1000)));
      }
      expect(worst).toBeLessThanOrEqual(bound);
      expect(sketch.quantile(0)).toBe(sorted[0]);
      expect(sketch.quantile(1)).toBe(sorted[N - 1]);
    });

    it('estimates rank(x) within epsilon · n of the true count ≤ x', () => {
      const random = new Random(11);
      const probes = [
        sorted[0]! - 1,
        sorted[N - 1]! + 1,
        ...Array.from({ length: 2000 }, () => sorted[random.int(N)]!),
      ];
      for (let k = 0; k < 500; k++) {
        const i = random.int(N - 1);
        probes.push((sorted[i]! + sorted[i + 1]!) / 2);
      }
      let worst = 0;
      for (const x of probes) {
        worst = Math.max(worst, Math.abs(sketch.rank(x) - countsAround(sorted, x).atMost));
      }
      expect(worst).toBeLessThanOrEqual(bound);
      expect(sketch.rank(sorted[N - 1]!)).toBe(N);
      expect(sketch.rank(sorted[0]! - 1)).toBe(0);
    });

    it('keeps a summary far smaller than the data', () => {
      expect(sketch.count).toBe(N);
      expect(sketch.summarySize).toBeLessThan(5000);
    });
  });

  it('gives a K-S statistic within 0.01 of the exact one', () => {
    const random = new Random(5);
    const cases: Array<[number[], number[]]> = [
      [
        Array.from({ length: N }, () => random.normal(0, 1)),
        Array.from({ length: 60_000 }, () => random.normal(0.05, 1)),
      ],
      [Array.from({ length: N }, () => random.normal(0, 1)), Array.from({ length: N }, () => random.normal(0, 1.3))],
      [Array.from({ length: N }, () => random.int(20)), Array.from({ length: 30_000 }, () => random.int(22))],
    ];
    for (const [a, b] of cases) {
      const sa = new QuantileSketch();
      const sb = new QuantileSketch();
      a.forEach((x) => sa.add(x));
      b.forEach((x) => sb.add(x));
      const exact = exactKs(a, b);
      expect(Math.abs(ksStatistic(sa, sb) - exact)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(ksStatistic(sa, sb) - exact)).toBeLessThanOrEqual(4 * sa.epsilon);
    }
  });
});
