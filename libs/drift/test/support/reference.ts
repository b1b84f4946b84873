import { readFileSync } from 'node:fs';
import path from 'node:path';

// Computed once by fixtures/make_fixtures.py with numpy/scipy (and Evidently's formulas); the tests need no Python.
// JSON has no Infinity or NaN: the script writes them as strings.
export type Num = number | 'Infinity' | '-Infinity' | 'NaN';
export type SampleRef = string | [string, number];

export interface KsCase {
  name: string;
  reference: SampleRef;
  current: SampleRef;
  regime: 'exact' | 'asymp';
  statistic: number;
  pValue: number;
}
export interface TestCase {
  name: string;
  reference: string;
  current: string;
  statistic: Num | null;
  pValue: Num;
}
export interface WassersteinCase {
  name: string;
  reference: string;
  current: string;
  distance: number;
  norm: number;
  statistic: number;
}
export interface BinnedCase {
  name: string;
  reference: string;
  current: string;
  numerical: boolean;
  psi: number;
  jensenshannon: number;
  binned: boolean;
  edges?: number[];
  referencePercents?: number[];
  currentPercents?: number[];
  referenceCounts?: number[];
  currentCounts?: number[];
}
export interface CountsCase {
  name: string;
  edges: number[];
  referenceCounts: number[];
  currentCounts: number[];
  psi: number;
  jensenshannon: number;
  chisquare: { statistic: Num; pValue: Num };
}
export interface DriftReference {
  generator: Record<string, string>;
  samples: Record<string, number[]>;
  categorical: Record<string, string[]>;
  ks: KsCase[];
  ksExact: Array<{ n1: number; n2: number; d: number; statistic: number; pValue: number }>;
  kstwo: Array<{ n: number; d: number; sf: number }>;
  smirnov: Array<{ n: number; d: number; sf: number }>;
  chisquare: TestCase[];
  ztest: TestCase[];
  wasserstein: WassersteinCase[];
  binned: BinnedCase[];
  sturges: Array<{ sample: SampleRef; edges: number[] }>;
  counts: CountsCase[];
  special: { chi2: Array<{ df: number; x: number; sf: number }>; normal: Array<{ z: number; twoSided: number }> };
}

export const reference = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'fixtures', 'drift-reference.json'), 'utf8'),
) as DriftReference;

/** The numeric sample a case names, or its first n values. */
export function sample(ref: SampleRef): number[] {
  const [name, length] = typeof ref === 'string' ? [ref, undefined] : ref;
  const values = reference.samples[name];
  if (values === undefined) {
    throw new Error(`no sample ${name}`);
  }
  return length === undefined ? values : values.slice(0, length);
}

/** A numeric or categorical sample by name. */
export function values(name: string): Array<number | string> {
  return reference.samples[name] ?? reference.categorical[name] ?? [];
}

/** Decodes the strings the script writes for non-finite numbers. */
export function decode(x: Num): number {
  if (typeof x === 'number') {
    return x;
  }
  return x === 'NaN' ? Number.NaN : x === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/**
 * |actual − expected| ≤ 1e-6 · max(1, |expected|): absolute for p-values and distances (all ≤ 1 or near it),
 * relative for large statistics (chi-square, normed Wasserstein with the 0.001 floor). Non-finite must match.
 */
export function expectClose(actual: number, expected: number, tolerance = 1e-6): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  const error = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
  if (!(error <= tolerance)) {
    throw new Error(`expected ${actual} to be within ${tolerance} of ${expected} (error ${error})`);
  }
}
