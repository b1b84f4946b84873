import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { ksStatistic, profileDataset, QuantileSketch, type DatasetProfile } from '@ferry/statistics';
import { relativeError } from './support/exact';

// Computed once by fixtures/make_reference.py with numpy/scipy; the tests need no Python.
interface NumericReference {
  min: number;
  max: number;
  mean: number;
  std: number;
  histogram: { edges: number[]; counts: number[] };
  distinct: number;
  quantiles: Array<{ q: number; low: number; high: number; inverted_cdf: number }>;
  values?: number[];
}
interface ColumnReference {
  name: string;
  type: string;
  nullable: boolean;
  count: number;
  missing: number;
  numeric?: NumericReference;
  categorical?: { distinct: number; frequencies: Array<{ value: string; count: number }>; otherCount: number };
}
interface FileReference {
  rowCount: number;
  columns: ColumnReference[];
}

const fixtures = path.join(__dirname, 'fixtures');
const reference = JSON.parse(readFileSync(path.join(fixtures, 'reference.json'), 'utf8')) as Record<string, unknown>;
const fileReference = (file: string): FileReference => reference[file] as FileReference;

describe.each(['small.csv', 'small.jsonl', 'large.csv'])('profile of fixtures/%s matches numpy', (file) => {
  const expected = fileReference(file);
  let profile: DatasetProfile;

  beforeAll(async () => {
    profile = await profileDataset(() => createReadStream(path.join(fixtures, file), { highWaterMark: 1021 }));
  });

  it('infers the same schema and counts', () => {
    expect(profile.format).toBe(file.endsWith('.csv') ? 'csv' : 'jsonl');
    expect(profile.rowCount).toBe(expected.rowCount);
    const summary = (c: ColumnReference | DatasetProfile['columns'][number]): unknown[] => [
      c.name,
      c.type,
      c.nullable,
      c.count,
      c.missing,
    ];
    expect(profile.columns.map(summary)).toEqual(expected.columns.map(summary));
  });

  it('computes numeric summaries like numpy (np.mean, np.std ddof=1, np.histogram)', () => {
    for (const want of expected.columns.filter((c) => c.numeric !== undefined)) {
      const got = profile.columns.find((c) => c.name === want.name)!.numeric!;
      const ref = want.numeric!;
      expect([got.min, got.max]).toEqual([ref.min, ref.max]);
      expect(relativeError(got.mean, ref.mean)).toBeLessThan(1e-12);
      expect(relativeError(got.std, ref.std)).toBeLessThan(1e-12);
      expect(got.histogram.edges).toEqual(ref.histogram.edges);
      expect(got.histogram.counts).toEqual(ref.histogram.counts);
      expect([got.distinct, got.distinctCapped]).toEqual(ref.distinct > 1000 ? [1000, true] : [ref.distinct, false]);
      got.quantiles.forEach(({ q, value }, i) => {
        const bounds = ref.quantiles[i]!;
        expect(bounds.q).toBe(q);
        expect(value).toBeGreaterThanOrEqual(bounds.low);
        expect(value).toBeLessThanOrEqual(bounds.high);
        if (expected.rowCount <= 1000) {
          expect(value).toBe(bounds.inverted_cdf); // epsilon · n < 1: the sketch is exact
        }
      });
      expect(got.values).toEqual(ref.values);
    }
  });

  it('computes the same category frequencies', () => {
    for (const want of expected.columns.filter((c) => c.categorical !== undefined)) {
      const got = profile.columns.find((c) => c.name === want.name)!.categorical!;
      expect({ name: want.name, ...got }).toEqual({ name: want.name, ...want.categorical, distinctCapped: false });
    }
  });
});

describe('K-S statistic from sketches vs scipy.stats.ks_2samp', () => {
  const rows = readFileSync(path.join(fixtures, 'large.csv'), 'utf8').trim().split('\n').slice(1);
  const x = rows.map((line) => Number(line.split(',')[0]));
  const y = rows.map((line) => Number(line.split(',')[1]));
  const sketch = (values: number[]): QuantileSketch => {
    const s = new QuantileSketch();
    values.forEach((v) => s.add(v));
    return s;
  };
  const ks = reference.ks as { halves: number; shifted: number };

  it('stays within 0.01 of the exact statistic', () => {
    const half = x.length / 2;
    expect(Math.abs(ksStatistic(sketch(x.slice(0, half)), sketch(x.slice(half))) - ks.halves)).toBeLessThanOrEqual(
      0.01,
    );
    expect(Math.abs(ksStatistic(sketch(x), sketch(y.map((v) => v - 20))) - ks.shifted)).toBeLessThanOrEqual(0.01);
  });

  it('is exact when the sketches are (epsilon · n < 1)', () => {
    const half = x.length / 2;
    const fine = (values: number[]): QuantileSketch => {
      const s = new QuantileSketch(1e-4);
      values.forEach((v) => s.add(v));
      return s;
    };
    expect(ksStatistic(fine(x.slice(0, half)), fine(x.slice(half)))).toBeCloseTo(ks.halves, 12);
  });
});
