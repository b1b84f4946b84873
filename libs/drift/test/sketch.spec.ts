import { QuantileSketch } from '@ferry/statistics';
import { DriftInputError, ksTest, ksTestSketch, wassersteinNorm, wassersteinNormSketch } from '../src';
import { Random } from './support/random';

const ROWS = 100_000;

function sketchOf(values: ArrayLike<number>, epsilon = 0.001): QuantileSketch {
  const sketch = new QuantileSketch(epsilon);
  for (let i = 0; i < values.length; i++) {
    sketch.add(values[i]!);
  }
  return sketch;
}

// Windows of 100k rows against a 1000-row reference: same law, shifted, wider, heavy-tailed, and rounded (ties).
const random = new Random(7);
const reference = random.array(1000, (r) => r.normal());
const windows: Array<[string, Float64Array]> = [
  ['same law', random.array(ROWS, (r) => r.normal())],
  ['shifted by 0.05', random.array(ROWS, (r) => r.normal(0.05))],
  ['wider', random.array(ROWS, (r) => r.normal(0, 1.3))],
  ['heavy tails', random.array(ROWS, (r) => r.normal() / Math.max(0.05, Math.abs(r.normal())))],
  ['rounded to 0.5 (ties)', random.array(ROWS, (r) => Math.round(r.normal(0.2) * 2) / 2)],
];

describe('ksTestSketch: raw reference against a sketched 100k-row window', () => {
  it.each(windows)('%s: within 3ε (and 0.01) of the exact statistic', (_name, current) => {
    const sketch = sketchOf(current);
    const exact = ksTest(reference, current);
    const estimate = ksTestSketch(reference, sketch);
    expect(estimate.maxStatisticError).toBeCloseTo(0.003, 12);
    expect(Math.abs(estimate.statistic - exact.statistic)).toBeLessThanOrEqual(estimate.maxStatisticError);
    expect(Math.abs(estimate.statistic - exact.statistic)).toBeLessThan(0.01);
    // The p-value is the function of the statistic that ks_2samp applies at these sizes (asymptotic here).
    expect(estimate.pValueMethod).toBe('asymptotic');
  });

  it('is exact while the sketch keeps every value (ε·n < 1)', () => {
    const current = windows[1]![1].subarray(0, 900);
    const exact = ksTest(reference, current);
    const estimate = ksTestSketch(reference, sketchOf(current));
    expect(estimate.maxStatisticError).toBe(0);
    expect(estimate.statistic).toBe(exact.statistic);
    expect(estimate.pValue).toBe(exact.pValue);
  });

  it('takes a sketched reference too, within 4ε', () => {
    const current = windows[2]![1];
    const bigReference = random.array(ROWS, (r) => r.normal());
    const exact = ksTest(bigReference, current);
    const estimate = ksTestSketch(sketchOf(bigReference), sketchOf(current));
    expect(estimate.maxStatisticError).toBeCloseTo(0.004, 12);
    expect(Math.abs(estimate.statistic - exact.statistic)).toBeLessThanOrEqual(estimate.maxStatisticError);
  });

  it('refuses an empty sketch', () => {
    expect(() => ksTestSketch(reference, new QuantileSketch())).toThrow(DriftInputError);
  });
});

describe('wassersteinNormSketch: normed W1 from sketches', () => {
  it.each(windows)('%s: within the stated error of the exact value', (_name, current) => {
    const exact = wassersteinNorm(reference, current);
    const estimate = wassersteinNormSketch(reference, sketchOf(current));
    expect(estimate.norm).toBe(exact.norm);
    expect(Math.abs(estimate.distance - exact.distance)).toBeLessThanOrEqual(estimate.maxDistanceError);
    expect(Math.abs(estimate.statistic - exact.statistic)).toBeLessThanOrEqual(estimate.maxStatisticError);
  });

  it('takes a sketched reference with its population std', () => {
    const current = windows[1]![1];
    const bigReference = random.array(ROWS, (r) => r.normal());
    const exact = wassersteinNorm(bigReference, current);
    const estimate = wassersteinNormSketch(sketchOf(bigReference), sketchOf(current), { referenceStd: exact.norm });
    expect(Math.abs(estimate.statistic - exact.statistic)).toBeLessThanOrEqual(estimate.maxStatisticError);
    expect(() => wassersteinNormSketch(sketchOf(bigReference), sketchOf(current))).toThrow(DriftInputError);
  });
});
