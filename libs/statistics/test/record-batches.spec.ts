import { Readable } from 'node:stream';

import { DatasetFormatError, forEachRecordBatch } from '../src';

/** A source that hands the text over in small chunks, so records cross chunk boundaries. */
const chunked =
  (text: string, size = 7) =>
  () =>
    Readable.from(
      Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size)),
    );

describe('forEachRecordBatch', () => {
  it('hands over CSV records in file order, in batches of at most batchRows, as raw cells', async () => {
    const lines = ['id,name,score', ...Array.from({ length: 25 }, (_, i) => `${i},"n ${i}, x",${i / 2}`)];
    const batches: Array<Array<Record<string, unknown>>> = [];
    const format = await forEachRecordBatch(
      chunked(`${lines.join('\n')}\n`),
      { batchRows: 4 },
      async (records, columns) => {
        expect(columns).toEqual(['id', 'name', 'score']);
        batches.push(records);
      },
    );
    expect(format).toBe('csv');
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(4);
    const all = batches.flat();
    expect(all).toHaveLength(25);
    expect(all[3]).toEqual({ id: '3', name: 'n 3, x', score: '1.5' });
    expect(all.map((r) => r.id)).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
  });

  it('reads JSON lines, growing the column list as keys appear', async () => {
    const text = '{"a":1}\n{"a":2,"b":"x"}\n{"b":null}\n';
    const seen: Array<{ records: Array<Record<string, unknown>>; columns: readonly string[] }> = [];
    await forEachRecordBatch(chunked(text), { batchRows: 10 }, async (records, columns) => {
      seen.push({ records, columns: [...columns] });
    });
    expect(seen.flatMap((s) => s.records)).toEqual([{ a: 1 }, { a: 2, b: 'x' }, { b: null }]);
    expect(seen[seen.length - 1]?.columns).toEqual(['a', 'b']);
  });

  it('reads the next chunk only after the handler has finished (backpressure)', async () => {
    let reads = 0;
    let handled = 0;
    const lines = ['v', ...Array.from({ length: 100 }, (_, i) => String(i))];
    // An async generator is pulled one chunk at a time (a Readable would buffer ahead on its own).
    const source = () =>
      (async function* () {
        for (const line of lines) {
          reads += 1;
          yield `${line}\n`;
        }
      })();
    await forEachRecordBatch(source, { format: 'csv', batchRows: 1 }, async (records) => {
      // Every record handed over so far was read, and no more than one chunk ahead.
      expect(reads - 1 - handled).toBeLessThanOrEqual(1);
      await new Promise((resolve) => setImmediate(resolve));
      handled += records.length;
    });
    expect(handled).toBe(100);
  });

  it('stops at the first error a handler throws, and reports format errors', async () => {
    await expect(
      forEachRecordBatch(chunked('a\n1\n2\n'), { batchRows: 1 }, async () => {
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    await expect(forEachRecordBatch(chunked('a,b\n1\n'), { batchRows: 1 }, async () => undefined)).rejects.toThrow(
      DatasetFormatError,
    );
  });
});
