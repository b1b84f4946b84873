import { CsvParser, DatasetFormatError, profileDataset } from '@ferry/statistics';
import { chunked } from './support/sources';

function parse(text: string, chunkSize = text.length || 1): Array<[number, string[]]> {
  const rows: Array<[number, string[]]> = [];
  const parser = new CsvParser((fields, line) => rows.push([line, fields]));
  for (let i = 0; i < text.length; i += chunkSize) {
    parser.push(text.slice(i, i + chunkSize));
  }
  parser.end();
  return rows;
}

async function formatError(text: string | Buffer, sizes?: number[]): Promise<DatasetFormatError> {
  try {
    await profileDataset(chunked(text, sizes), { format: 'csv' });
  } catch (error) {
    if (error instanceof DatasetFormatError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a DatasetFormatError');
}

describe('CSV parser (RFC 4180, streaming)', () => {
  const tricky = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nplain,," "\r\n"",last,"\n"\r\n';
  const expected: Array<[number, string[]]> = [
    [1, ['a', 'b', 'c']],
    [2, ['x, y', 'say "hi"', 'two\r\nlines']],
    [4, ['plain', '', ' ']],
    [5, ['', 'last', '\n']],
  ];

  it('handles quotes, "" escapes, embedded commas and newlines, CRLF', () => {
    expect(parse(tricky)).toEqual(expected);
  });

  it.each([1, 2, 3, 5, 7])('gives the same rows with %i-character chunks (quotes, escapes, CRLF split)', (size) => {
    expect(parse(tricky, size)).toEqual(expected);
  });

  it('accepts LF and lone CR line ends, a missing final line end, and skips blank lines', () => {
    expect(parse('a,b\n1,2\n\n3,4\r5,6')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [4, ['3', '4']],
      [5, ['5', '6']],
    ]);
    expect(parse('a,b\n1,\n,\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '']],
      [3, ['', '']],
    ]);
  });

  it('keeps a quote inside an unquoted field as a character', () => {
    expect(parse('a\n5"7\n')).toEqual([
      [1, ['a']],
      [2, ['5"7']],
    ]);
  });

  it('strips a UTF-8 BOM and decodes characters split across 1-byte chunks', async () => {
    const text = Buffer.from('\ufeffnom,ville\n"Zoë, \n日本",Genève\nÅsa,"東京"\n', 'utf8');
    const profile = await profileDataset(chunked(text, [1]));
    expect(profile.format).toBe('csv');
    expect(profile.columns.map((c) => c.name)).toEqual(['nom', 'ville']);
    expect(profile.columns[0]!.categorical!.frequencies.map((f) => f.value).sort()).toEqual(['Zoë, \n日本', 'Åsa']);
    expect(profile.columns[1]!.categorical!.frequencies.map((f) => f.value).sort()).toEqual(['Genève', '東京']);
  });

  it('names empty header fields like pandas and refuses duplicate names', async () => {
    const profile = await profileDataset(chunked(',a\n0,1\n'));
    expect(profile.columns.map((c) => c.name)).toEqual(['Unnamed: 0', 'a']);
    const error = await formatError('a,b,a\n1,2,3\n');
    expect(error.message).toBe('line 1, column "a": duplicate column name in the header');
  });

  it('reports a ragged row with its line (counting embedded line breaks)', async () => {
    const error = await formatError('a,b\n1,"x\ny"\n2\n3,4\n', [1]);
    expect(error.line).toBe(4);
    expect(error.message).toBe('line 4: expected 2 fields as in the header, found 1');
    expect((await formatError('a,b\n1,2,3\n')).message).toMatch(/^line 2: expected 2 fields .* found 3$/);
  });

  it('reports an unterminated quote at the line where it opens', async () => {
    const error = await formatError('a,b\r\n1,2\r\n3,"never\r\nclosed\r\n', [1]);
    expect(error.message).toBe('line 3, column "b": unterminated quoted field (the quote opens on this line)');
    expect(error.line).toBe(3);
    expect(error.code).toBe('INVALID_ARTIFACT');
  });

  it('reports text after a closing quote', async () => {
    const error = await formatError('a,b\n1,"x"y\n');
    expect(error.message).toBe('line 2, column "b": unexpected character "y" after a closing quote');
  });

  it('refuses an empty file and a header-only file: no rows', async () => {
    expect((await formatError('')).message).toBe('no rows: the dataset is empty');
    expect((await formatError('\ufeff')).message).toBe('no rows: the dataset is empty');
    expect((await formatError('a,b\r\n')).message).toBe('no rows: the file has a header only');
    await expect(profileDataset(chunked(''))).rejects.toThrow('no rows: the dataset is empty');
  });
});

describe('CSV parser memory guard', () => {
  it('stops at a row longer than the limit instead of reading the rest of the file into one field', () => {
    const parser = new CsvParser(() => undefined, 100);
    parser.push('a,b\n1,"opened and never closed ');
    expect(() => {
      for (let i = 0; i < 20; i++) {
        parser.push('more text, line\nafter line ');
      }
    }).toThrow('line 2, column "#2": row longer than 100 characters (an unterminated quoted field?)');
  });
});
