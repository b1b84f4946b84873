import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import { FerryApiError } from '../client/errors';
import { forEachRowBatch } from './input';

async function rowsOf(text: string, batchRows = 2): Promise<Array<Array<Record<string, unknown>>>> {
  const batches: Array<Array<Record<string, unknown>>> = [];
  await forEachRowBatch(undefined, Readable.from([text]), batchRows, async (rows) => void batches.push(rows));
  return batches;
}

describe('prediction rows from a file or stdin', () => {
  it('reads CSV with numbers parsed and missing cells as null, in batches, in order', async () => {
    const batches = await rowsOf('age,country,clicks\n31,US,2\n45,DE,NA\n22,"BR, south",\n');
    expect(batches).toEqual([
      [
        { age: 31, country: 'US', clicks: 2 },
        { age: 45, country: 'DE', clicks: null },
      ],
      [{ age: 22, country: 'BR, south', clicks: null }],
    ]);
  });

  it('reads JSON lines and JSON arrays the same way', async () => {
    const lines = await rowsOf('{"a": 1}\n{"a": 2}\n{"a": 3}\n');
    const array = await rowsOf('[{"a": 1}, {"a": 2}, {"a": 3}]');
    expect(lines).toEqual(array);
    expect(array.flat()).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it('reads a file without loading a CSV whole, and names the problem of a bad input', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-input-'));
    const file = path.join(dir, 'rows.csv');
    fs.writeFileSync(file, `x\n${Array.from({ length: 1000 }, (_, i) => i).join('\n')}\n`);
    const sizes: number[] = [];
    await forEachRowBatch(file, Readable.from([]), 300, async (rows) => void sizes.push(rows.length));
    expect(sizes).toEqual([300, 300, 300, 100]);
    fs.rmSync(dir, { recursive: true });

    for (const bad of ['', '[1, 2]', '[{"a": 1}', 'a,b\n1\n']) {
      const error = await rowsOf(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FerryApiError);
      expect((error as FerryApiError).exitCode).toBe(2);
    }
  });
});
