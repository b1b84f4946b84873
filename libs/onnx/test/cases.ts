import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ElementType, OutputValue } from '../src';
import { CORPUS_DIR } from './corpus';

/** One tensor of cases.json: flat row-major data; non-finite floats spelled "NaN", "Infinity", "-Infinity". */
export interface CaseValue {
  dtype: string;
  dims: number[];
  data: unknown[];
}

export interface CorpusCase {
  inputs: Record<string, CaseValue>;
  outputs: Record<string, CaseValue>;
}

export interface CasesFile {
  inputs: string[];
  outputs: string[];
  cases: CorpusCase[];
  tolerance?: { rtol: number; atol: number } | null;
}

/** cases.json's dtype names → ONNX element types. */
export const ELEMENT_OF: Record<string, ElementType> = {
  float32: 'float',
  float64: 'double',
  float16: 'float16',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  uint8: 'uint8',
  uint16: 'uint16',
  uint32: 'uint32',
  uint64: 'uint64',
  bool: 'bool',
  string: 'string',
};

/** The cases of the model in `modelFile`'s folder, or null when it has no cases.json. */
export function readCases(modelFile: string): CasesFile | null {
  const file = path.join(path.dirname(modelFile), 'cases.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CasesFile) : null;
}

/** "NaN"/"Infinity"/"-Infinity" → numbers, for numeric dtypes only. */
export function decodeData(value: CaseValue): unknown[] {
  if (value.dtype === 'string' || value.dtype === 'bool' || value.dtype.startsWith('seq(')) {
    return value.data;
  }
  return value.data.map((x) => (x === 'NaN' ? NaN : x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : x));
}

export function hasNonFinite(value: CaseValue): boolean {
  return decodeData(value).some((x) => typeof x === 'number' && !Number.isFinite(x));
}

/** Flat row-major data → nested arrays of `dims` (a scalar for rank 0). */
export function nestData(data: unknown[], dims: number[]): unknown {
  if (dims.length === 0) {
    return data[0];
  }
  const [first, ...rest] = dims as [number, ...number[]];
  const size = rest.reduce((product, dim) => product * dim, 1);
  return Array.from({ length: first }, (_, i) => nestData(data.slice(i * size, (i + 1) * size), rest));
}

export { CORPUS_DIR };

function close(got: unknown, want: unknown, rtol: number, atol: number): boolean {
  if (typeof want !== 'number' || typeof got !== 'number') {
    return got === want;
  }
  if (Number.isNaN(want)) {
    return Number.isNaN(got);
  }
  if (!Number.isFinite(want)) {
    return got === want;
  }
  return Math.abs(got - want) <= atol + rtol * Math.abs(want);
}

/** Why `got` does not match the expected case output, or null when it does. */
export function mismatch(
  name: string,
  got: OutputValue | undefined,
  want: CaseValue,
  rtol: number,
  atol: number,
): string | null {
  if (got === undefined) {
    return `${name}: missing`;
  }
  if (want.dtype.startsWith('seq(')) {
    if (got.kind !== 'map_sequence') {
      return `${name}: expected a map sequence, got ${got.kind}`;
    }
    const rows = want.data as Array<Record<string, number>>;
    if (rows.length !== got.data.length) {
      return `${name}: ${got.data.length} rows, expected ${rows.length}`;
    }
    for (let r = 0; r < rows.length; r++) {
      const expected = rows[r] as Record<string, number>;
      const actual = got.data[r] as Record<string, number>;
      if (Object.keys(expected).sort().join() !== Object.keys(actual).sort().join()) {
        return `${name}[${r}]: labels ${Object.keys(actual)} vs ${Object.keys(expected)}`;
      }
      for (const label of Object.keys(expected)) {
        if (!close(actual[label], expected[label], rtol, atol)) {
          return `${name}[${r}][${label}]: ${actual[label]} vs ${expected[label]}`;
        }
      }
    }
    return null;
  }
  if (got.kind !== 'tensor') {
    return `${name}: expected a tensor, got ${got.kind}`;
  }
  if (got.type !== ELEMENT_OF[want.dtype]) {
    return `${name}: type ${got.type}, expected ${want.dtype}`;
  }
  if (got.dims.join() !== want.dims.join()) {
    return `${name}: dims [${got.dims}] vs [${want.dims}]`;
  }
  const expected = decodeData(want);
  for (let i = 0; i < expected.length; i++) {
    if (!close(got.data[i], expected[i], rtol, atol)) {
      return `${name}[${i}]: ${String(got.data[i])} vs ${String(expected[i])}`;
    }
  }
  return null;
}
