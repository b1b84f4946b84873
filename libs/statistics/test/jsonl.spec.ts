import { DatasetFormatError, detectFormat, JsonlParser, profileDataset } from '@ferry/statistics';
import { chunked } from './support/sources';

describe('JSON lines', () => {
  it('takes the union of keys in order of first appearance; missing keys and null are missing', async () => {
    const text = '{"a":1,"b":"x"}\r\n\n{"c":true,"a":null}\n{"b":"y","a":2.5,"c":false}';
    const profile = await profileDataset(chunked(text, [1]));
    expect(profile.format).toBe('jsonl');
    expect(profile.rowCount).toBe(3);
    expect(
      profile.columns.map(({ name, type, nullable, count, missing }) => ({ name, type, nullable, count, missing })),
    ).toEqual([
      { name: 'a', type: 'numeric', nullable: true, count: 2, missing: 1 },
      { name: 'b', type: 'categorical', nullable: true, count: 2, missing: 1 },
      { name: 'c', type: 'boolean', nullable: true, count: 2, missing: 1 },
    ]);
    expect(profile.columns[0]!.numeric!.values).toEqual([1, 2.5]);
  });

  it('types nested values as text (JSON-stringified) and keeps strings as strings', async () => {
    const lines = [
      '{"n":{"k":[1,2]},"s":"12","m":1}',
      '{"n":[true],"s":"7","m":"one"}',
      '{"n":"plain","s":"12","m":true}',
    ];
    const profile = await profileDataset(chunked(lines.join('\n')));
    const [n, s, m] = profile.columns;
    expect(n!.type).toBe('text');
    expect(n!.categorical!.frequencies).toEqual([
      { value: '[true]', count: 1 },
      { value: 'plain', count: 1 },
      { value: '{"k":[1,2]}', count: 1 },
    ]);
    expect(s!.type).toBe('categorical'); // JSON strings are never numbers
    expect(m!.type).toBe('categorical');
    expect(m!.categorical!.frequencies.map((f) => f.value)).toEqual(['1', 'one', 'true']);
  });

  it.each([
    ['[1,2]', 'line 2: expected a JSON object, found an array'],
    ['42', 'line 2: expected a JSON object, found a number'],
    ['null', 'line 2: expected a JSON object, found null'],
    ['"text"', 'line 2: expected a JSON object, found a string'],
  ])('refuses a line that is not an object: %s', async (line, message) => {
    await expect(profileDataset(chunked(`{"a":1}\n${line}\n{"a":2}\n`))).rejects.toThrow(message);
  });

  it('names the line of invalid JSON', async () => {
    const error = await profileDataset(chunked('{"a":1}\n\n{"a":\n'), { format: 'jsonl' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect((error as DatasetFormatError).line).toBe(3);
    expect((error as Error).message).toMatch(/^line 3: not valid JSON/);
  });

  it('refuses an empty file', async () => {
    await expect(profileDataset(chunked('\n\n'), { format: 'jsonl' })).rejects.toThrow('no rows: the dataset is empty');
  });
});

describe('detectFormat', () => {
  it.each([
    ['{"a":1}\n{"a":2}\n', 'jsonl'],
    ['\ufeff  \n{"a":1}', 'jsonl'],
    ['a,b\n1,2\n', 'csv'],
    ['\ufeffname\nx\n', 'csv'],
    ['', undefined],
    ['  \n ', undefined],
    ['[{"a":1}]', undefined],
    ['\u0000\u0001binary', undefined],
  ])('%j → %s', (head, format) => {
    expect(detectFormat(Buffer.from(head, 'utf8'))).toBe(format);
  });
});

describe('JSON lines memory guard', () => {
  it('stops at a line longer than the limit', () => {
    const parser = new JsonlParser(() => undefined, 100);
    parser.push('{"a":1}\n{"a":"');
    expect(() => {
      for (let i = 0; i < 20; i++) {
        parser.push('no line end here ');
      }
    }).toThrow('line 2: line longer than 100 characters');
  });
});
