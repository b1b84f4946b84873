import { DatasetFormatError, profileDataset, schemaOf, type ColumnProfile } from '@ferry/statistics';
import { chunked, counting } from './support/sources';

async function profileColumn(values: readonly string[], name = 'v'): Promise<ColumnProfile> {
  const profile = await profileDataset(chunked(`${name}\n${values.join('\n')}\n`), { format: 'csv' });
  return profile.columns[0]!;
}

const repeat = (count: number, make: (i: number) => string): string[] =>
  Array.from({ length: count }, (_, i) => make(i));

describe('type inference', () => {
  it('reads strict decimal numbers only', async () => {
    const numeric = await profileColumn(['1', '+.5', '-3.', '1E+5', ' 42 ', '0007', '-0.25e-3']);
    expect(numeric.type).toBe('numeric');
    expect(numeric.numeric!.values).toEqual([1, 0.5, -3, 1e5, 42, 7, -0.25e-3]);
    for (const odd of ['0x10', '1e', 'Infinity', '1_000', '1e400', '"1,5"', '.', '--1', '1.2.3']) {
      expect([odd, (await profileColumn(['1', '2', odd])).type]).toEqual([odd, 'categorical']);
    }
  });

  it('treats "", NA, N/A, null, NULL, NaN, nan and blanks as missing in CSV', async () => {
    // A blank line is skipped, so an empty field alone on its line is written quoted (as Python's csv module does).
    const column = await profileColumn(['1', '""', 'NA', 'N/A', 'null', 'NULL', 'NaN', 'nan', '   ', '2']);
    expect([column.type, column.count, column.missing, column.nullable]).toEqual(['numeric', 2, 8, true]);
    expect((await profileColumn(['1', 'na', '2'])).type).toBe('categorical'); // only the listed spellings
  });

  it('reads booleans in any case and reports them as "true"/"false"', async () => {
    const column = await profileColumn(['true', 'FALSE', 'True', 'false', 'tRuE']);
    expect(column.type).toBe('boolean');
    expect(column.categorical!.frequencies).toEqual([
      { value: 'true', count: 3 },
      { value: 'false', count: 2 },
    ]);
    expect((await profileColumn(['true', 'yes'])).type).toBe('categorical');
    expect((await profileColumn(['1', '0', '1'])).type).toBe('numeric');
  });

  it('is categorical up to 50 distinct values, or up to half of the values, else text', async () => {
    expect((await profileColumn(repeat(50, (i) => `s${i}`))).type).toBe('categorical');
    expect((await profileColumn(repeat(51, (i) => `s${i}`))).type).toBe('text');
    expect((await profileColumn(repeat(120, (i) => `s${i % 60}`))).type).toBe('categorical');
    expect((await profileColumn(repeat(120, (i) => `s${i % 61}`))).type).toBe('text');
  });

  it('is text past 1000 distinct values, however many rows, with capped distinct counts', async () => {
    const column = await profileColumn(repeat(3003, (i) => `s${i % 1001}`));
    expect(column.type).toBe('text');
    expect(column.categorical).toMatchObject({ distinct: 1000, distinctCapped: true, approximate: true });
    const exactly = await profileColumn(repeat(3000, (i) => `s${i % 1000}`));
    expect(exactly.type).toBe('categorical');
    expect(exactly.categorical).toMatchObject({ distinct: 1000, distinctCapped: false, otherCount: 2700 });
    expect(exactly.categorical!.frequencies.slice(0, 2)).toEqual([
      { value: 's0', count: 3 },
      { value: 's1', count: 3 },
    ]);
  });

  it('makes an all-missing column nullable text', async () => {
    const column = await profileColumn(['', 'NA', '']);
    expect(schemaOf({ format: 'csv', rowCount: 3, columns: [column] })).toEqual([
      { name: 'v', type: 'text', nullable: true },
    ]);
  });
});

describe('passes and numeric details', () => {
  it('keeps values and reads once up to 1000 rows; drops them and reads twice past 1000', async () => {
    const small = counting(chunked(`v\n${repeat(1000, (i) => String(i % 97)).join('\n')}\n`));
    const profile = await profileDataset(small.open);
    expect(small.calls()).toBe(1);
    expect(profile.columns[0]!.numeric!.values).toHaveLength(1000);
    expect(profile.columns[0]!.numeric!.distinct).toBe(97);

    const large = counting(chunked(`v\n${repeat(1001, (i) => String(i % 97)).join('\n')}\n`));
    const again = await profileDataset(large.open);
    expect(large.calls()).toBe(2);
    expect(again.columns[0]!.numeric!.values).toBeUndefined();
    expect(again.columns[0]!.numeric!.histogram.counts.reduce((a, b) => a + b, 0)).toBe(1001);
  });

  it('uses histogramBins and refuses a bad one', async () => {
    const profile = await profileDataset(chunked('v\n1\n2\n3\n4\n'), { histogramBins: 3 });
    expect(profile.columns[0]!.numeric!.histogram).toEqual({ edges: [1, 2, 3, 4], counts: [1, 1, 2] });
    await expect(profileDataset(chunked('v\n1\n'), { histogramBins: 0 })).rejects.toThrow(RangeError);
  });

  it('handles a constant column: std 0, every value in the last bin', async () => {
    const numeric = (await profileColumn(['5', '5', '5'])).numeric!;
    expect([numeric.min, numeric.max, numeric.mean, numeric.std]).toEqual([5, 5, 5, 0]);
    expect(numeric.histogram.counts.slice(-1)).toEqual([3]);
  });

  it('fails when the data changes between the passes', async () => {
    let calls = 0;
    const open = () => {
      calls++;
      const body = repeat(1500, (i) => String(calls === 1 ? i : i * 10)).join('\n');
      return chunked(`v\n${body}\n`)();
    };
    const error = await profileDataset(open).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect((error as Error).message).toMatch(/^line \d+, column "v": the dataset changed between the two passes/);
  });

  it('accepts any JSON key, including __proto__', async () => {
    const lines = repeat(1200, (i) => (i % 2 === 0 ? `{"__proto__":${i},"a":1}` : '{"a":2}'));
    const profile = await profileDataset(chunked(lines.join('\n')));
    expect(profile.columns.map((c) => [c.name, c.type, c.count])).toEqual([
      ['__proto__', 'numeric', 600],
      ['a', 'numeric', 1200],
    ]);
  });

  it('reads Node streams and plain async iterables of strings', async () => {
    const { Readable } = await import('node:stream');
    const profile = await profileDataset(() => Readable.from(['a,b\n1,', 'x\n2,y\n']));
    expect(profile.columns.map((c) => c.type)).toEqual(['numeric', 'categorical']);
  });
});
