import { equalWidthEdges, profileDataset, type ColumnProfile, type DatasetProfile } from '@ferry/statistics';
import {
  CITIES,
  COLUMNS,
  CSV_HEADER,
  csvLine,
  generateRows,
  jsonLine,
  POPULAR_NOTES,
  type Row,
} from './support/dataset';
import { exactHistogram, exactMoments, quantileRankError, relativeError } from './support/exact';
import { Random } from './support/random';
import { chunked, counting, randomSizes } from './support/sources';

const ROWS = 50_000;
const rows: Row[] = [...generateRows(ROWS, 2024)];

function column(profile: DatasetProfile, name: string): ColumnProfile {
  const found = profile.columns.find((c) => c.name === name);
  if (found === undefined) {
    throw new Error(`no column ${name}`);
  }
  return found;
}

function exactCounts(values: readonly string[]): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  values.forEach((v) => counts.set(v, (counts.get(v) ?? 0) + 1));
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

describe.each([
  ['csv', CSV_HEADER + rows.map(csvLine).join('')],
  ['jsonl', rows.map(jsonLine).join('')],
])('profile of a generated %s dataset (50k rows, random chunk sizes)', (format, text) => {
  const source = counting(chunked(text, randomSizes(new Random(9))));
  const progress: Array<[number, number]> = [];
  let profile: DatasetProfile;

  beforeAll(async () => {
    profile = await profileDataset(source.open, { onProgress: (n, pass) => progress.push([pass, n]) });
  });

  it('reads the schema in two passes, with progress every 10k rows', () => {
    expect(profile.format).toBe(format);
    expect(profile.rowCount).toBe(ROWS);
    expect(profile.columns.map(({ name, type, nullable }) => [name, type, nullable])).toEqual([
      ['id', 'numeric', false],
      ['x', 'numeric', true],
      ['price', 'numeric', true],
      ['city', 'categorical', true],
      ['flag', 'boolean', true],
      ['note', 'text', true],
      ['code', 'categorical', false],
      ['empty', 'text', true],
    ]);
    expect(source.calls()).toBe(2);
    const steps = [10_000, 20_000, 30_000, 40_000, 50_000];
    expect(progress).toEqual([...steps.map((n) => [1, n]), ...steps.map((n) => [2, n])]);
  });

  it('counts non-missing and missing values exactly', () => {
    for (const name of COLUMNS) {
      const present = rows.filter((r) => r[name] !== undefined).length;
      expect([name, column(profile, name).count, column(profile, name).missing]).toEqual([
        name,
        present,
        ROWS - present,
      ]);
    }
  });

  it.each(['id', 'x', 'price'] as const)(
    'summarizes numeric column %s exactly (quantiles within the rank error)',
    (name) => {
      const values = rows.map((r) => r[name]).filter((v): v is number => v !== undefined);
      const summary = column(profile, name).numeric!;
      const sorted = Float64Array.from(values).sort();
      const exact = exactMoments(values);
      expect(summary.min).toBe(sorted[0]);
      expect(summary.max).toBe(sorted[sorted.length - 1]);
      expect(relativeError(summary.mean, exact.mean)).toBeLessThan(1e-9);
      expect(relativeError(summary.std, exact.std)).toBeLessThan(1e-9);
      expect(summary.histogram.edges).toEqual(equalWidthEdges(sorted[0]!, sorted[sorted.length - 1]!, 20));
      expect(summary.histogram.counts).toEqual(exactHistogram(values, summary.histogram.edges));
      expect(summary.quantileRankError).toBe(0.001);
      expect(summary.quantiles.map((q) => q.q)).toEqual([0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]);
      for (const { q, value } of summary.quantiles) {
        expect(quantileRankError(sorted, q, value)).toBeLessThanOrEqual(summary.quantileRankError * values.length);
      }
      const distinct = new Set(values).size;
      expect([summary.distinct, summary.distinctCapped]).toEqual(distinct > 1000 ? [1000, true] : [distinct, false]);
      expect(summary.values).toBeUndefined();
    },
  );

  it('gives exact category frequencies, most frequent first, ties by value', () => {
    const city = column(profile, 'city').categorical!;
    const cities = rows.map((r) => r.city).filter((v): v is string => v !== undefined);
    expect(city.frequencies).toEqual(exactCounts(cities));
    expect(city.frequencies.map((f) => f.value).sort()).toEqual([...CITIES].sort());
    expect([city.distinct, city.distinctCapped, city.otherCount, city.approximate]).toEqual([8, false, 0, undefined]);
    // Categorical values are the field as written: "7", " 7", "7.0" and "007" stay apart.
    const code = column(profile, 'code').categorical!;
    expect(code.frequencies).toEqual(exactCounts(rows.map((r) => r.code)));
  });

  it('gives exact true/false counts for booleans', () => {
    const flags = rows.map((r) => r.flag).filter((v): v is boolean => v !== undefined);
    expect(column(profile, 'flag').categorical!.frequencies).toEqual(exactCounts(flags.map(String)));
  });

  it('gives approximate top values of text, within the stated error', () => {
    const note = column(profile, 'note').categorical!;
    const exact = new Map(
      exactCounts(rows.map((r) => r.note).filter((v): v is string => v !== undefined)).map((f) => [f.value, f.count]),
    );
    expect([note.distinct, note.distinctCapped, note.approximate]).toEqual([1000, true, true]);
    expect(note.frequencies).toHaveLength(100);
    expect(note.maxCountError).toBeGreaterThan(0);
    expect(note.maxCountError).toBeLessThanOrEqual(column(profile, 'note').count / 1000);
    for (const { value, count } of note.frequencies) {
      const truth = exact.get(value) ?? 0;
      expect(count).toBeGreaterThanOrEqual(truth);
      expect(count).toBeLessThanOrEqual(truth + note.maxCountError!);
    }
    expect(
      note.frequencies
        .slice(0, 20)
        .map((f) => f.value)
        .sort(),
    ).toEqual([...POPULAR_NOTES].sort());
  });

  it('profiles an all-missing column as nullable text', () => {
    expect(column(profile, 'empty')).toEqual({
      name: 'empty',
      type: 'text',
      nullable: true,
      count: 0,
      missing: ROWS,
      categorical: { distinct: 0, distinctCapped: false, frequencies: [], otherCount: 0 },
    });
  });
});
