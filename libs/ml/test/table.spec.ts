import { Readable } from 'node:stream';
import { DatasetFormatError } from '@ferry/statistics';
import { parseTable, Random, readTable, splitTable, Table, TrainerParamError } from '../src';

const CSV = [
  'age,country,score,code,"note, quoted"',
  '31,US,0.5,007,"a ""b"""',
  'NA,DE,,12,x',
  ' 40 ,,1e2,13,',
  '52,  US,NaN,14,y',
].join('\r\n');

describe('readTable', () => {
  it('reads CSV: numeric vs categorical detection, missing tokens, categorical values as written', async () => {
    const table = await readTable(Buffer.from(CSV));
    expect(table.names).toEqual(['age', 'country', 'score', 'code', 'note, quoted']);
    expect(table.rowCount).toBe(4);
    expect(table.column('age')).toEqual({ name: 'age', kind: 'numeric', values: Float64Array.from([31, NaN, 40, 52]) });
    expect(table.column('country')).toEqual({
      name: 'country',
      kind: 'categorical',
      values: ['US', 'DE', null, '  US'],
    });
    expect(table.column('score').values).toEqual(Float64Array.from([0.5, NaN, 100, NaN]));
    expect(table.column('code').kind).toBe('numeric');
    expect(table.column('note, quoted').values).toEqual(['a "b"', 'x', null, 'y']);
  });

  it('forces column kinds on request (a numeric code as categorical)', () => {
    const table = parseTable(CSV, { types: { code: 'categorical' } });
    expect(table.column('code').values).toEqual(['007', '12', '13', '14']);
    expect(() => parseTable(CSV, { types: { country: 'numeric' } })).toThrow(TrainerParamError);
    expect(() => parseTable(CSV, { types: { nope: 'numeric' } })).toThrow(TrainerParamError);
  });

  it('reads JSON lines from a stream split anywhere: union of keys, null / absent / "" missing', async () => {
    const text = [
      '{"x": 1, "c": "a", "flag": true}',
      '{"x": null, "c": "", "extra": 5}',
      '{"x": 2.5, "flag": false, "nested": {"k": 1}}',
    ].join('\n');
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const table = await readTable(Readable.from(chunks));
    expect(table.names).toEqual(['x', 'c', 'flag', 'extra', 'nested']);
    expect(table.column('x').values).toEqual(Float64Array.from([1, NaN, 2.5]));
    expect(table.column('c').values).toEqual(['a', null, null]);
    expect(table.column('flag').values).toEqual(['true', null, 'false']);
    expect(table.column('extra').values).toEqual(Float64Array.from([NaN, 5, NaN]));
    expect(table.column('nested').values).toEqual([null, null, '{"k":1}']);
  });

  it('takes a target column of either kind, and keeps a column with no value as categorical', () => {
    const table = parseTable('a,label,empty\n1,yes,\n2,no,\n');
    expect(table.column('label').kind).toBe('categorical');
    expect(table.column('empty')).toEqual({ name: 'empty', kind: 'categorical', values: [null, null] });
  });

  it('refuses malformed or empty data with DatasetFormatError', async () => {
    await expect(readTable('')).rejects.toThrow(DatasetFormatError);
    expect(() => parseTable('a,b\n')).toThrow(DatasetFormatError);
    expect(() => parseTable('a,b\n1,2,3\n')).toThrow(DatasetFormatError);
    expect(() => parseTable('a,a\n1,2\n')).toThrow(DatasetFormatError);
    expect(() => parseTable('{"a": 1}\n[1]\n')).toThrow(DatasetFormatError);
  });
});

describe('Table', () => {
  const table = Table.fromColumns({ n: [1, null, 3], c: ['x', '', null] });

  it('builds columns from plain arrays: null and NaN / "" are missing', () => {
    expect(table.column('n').values).toEqual(Float64Array.from([1, NaN, 3]));
    expect(table.column('c').values).toEqual(['x', null, null]);
    expect(() => table.column('zz', 'target')).toThrow(expect.objectContaining({ parameter: 'target' }));
    expect(() => Table.fromColumns({ a: [1], b: [1, 2] })).toThrow(TrainerParamError);
  });

  it('selects rows and picks columns', () => {
    const rows = table.select([2, 0, 0]);
    expect(rows.rowCount).toBe(3);
    expect(rows.column('n').values).toEqual(Float64Array.from([3, 1, 1]));
    expect(rows.column('c').values).toEqual([null, 'x', 'x']);
    expect(table.pick(['c']).names).toEqual(['c']);
  });
});

describe('splitTable', () => {
  const table = Table.fromColumns({ i: Array.from({ length: 1000 }, (_, i) => i) });

  it('holds out round(fraction · n) rows, disjoint and complete, in original order, the same for the same seed', () => {
    const split = splitTable(table, { fraction: 0.25, seed: 7 });
    expect(split.holdout.rowCount).toBe(250);
    expect(split.train.rowCount).toBe(750);
    const all = [...split.trainRows, ...split.holdoutRows].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(split.holdout.column('i').values).toEqual(Float64Array.from(split.holdoutRows));
    expect(Array.from(split.holdoutRows)).toEqual([...split.holdoutRows].sort((a, b) => a - b));
    expect(splitTable(table, { fraction: 0.25, seed: 7 }).holdoutRows).toEqual(split.holdoutRows);
    expect(splitTable(table, { fraction: 0.25, seed: 8 }).holdoutRows).not.toEqual(split.holdoutRows);
  });

  it('refuses a fraction outside (0, 1) and tables too small to split', () => {
    expect(() => splitTable(table, { fraction: 1 })).toThrow(expect.objectContaining({ parameter: 'fraction' }));
    expect(() => splitTable(table.select([0]))).toThrow(expect.objectContaining({ parameter: 'table' }));
  });
});

describe('Random', () => {
  it('gives the same stream for the same seed and sensible moments', () => {
    const a = new Random(42);
    const b = new Random(42);
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(first);
    expect(new Random(43).nextUint32()).not.toBe(first[0]);
    const random = new Random(1);
    const n = 20000;
    const uniforms = Array.from({ length: n }, () => random.next());
    const normals = Array.from({ length: n }, () => random.normal());
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    expect(Math.abs(mean(uniforms) - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(mean(normals))).toBeLessThan(0.03);
    expect(Math.abs(mean(normals.map((x) => x * x)) - 1)).toBeLessThan(0.05);
  });
});
