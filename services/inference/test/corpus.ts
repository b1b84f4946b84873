import * as fs from 'node:fs';
import * as path from 'node:path';

import { CORPUS } from './support';

export interface CaseTensor {
  dtype: string;
  dims: number[];
  data: unknown[];
}

export interface CorpusCase {
  inputs: Record<string, CaseTensor>;
  outputs: Record<string, CaseTensor>;
}

export interface CorpusModel {
  /** e.g. classic-ml/xgboost_wine_regressor */
  id: string;
  file: string;
  cases: CorpusCase[];
  tolerance: { rtol: number; atol: number };
}

/** Every corpus model with published cases (unloadable ones too: they have none or fail to load). */
export function corpusModels(): CorpusModel[] {
  const models: CorpusModel[] = [];
  for (const group of fs.readdirSync(CORPUS)) {
    const groupDir = path.join(CORPUS, group);
    if (!fs.statSync(groupDir).isDirectory()) {
      continue;
    }
    for (const name of fs.readdirSync(groupDir).sort()) {
      const dir = path.join(groupDir, name);
      const casesFile = path.join(dir, 'cases.json');
      const parsed = fs.existsSync(casesFile)
        ? (JSON.parse(fs.readFileSync(casesFile, 'utf8')) as {
            model?: string;
            cases: CorpusCase[];
            tolerance?: { rtol?: number; atol?: number };
          })
        : { cases: [] };
      const onnx = parsed.model ?? fs.readdirSync(dir).find((f) => f.endsWith('.onnx')) ?? 'model.onnx';
      models.push({
        id: `${group}/${name}`,
        file: path.join(dir, onnx),
        cases: parsed.cases,
        tolerance: { rtol: parsed.tolerance?.rtol ?? 1e-4, atol: parsed.tolerance?.atol ?? 1e-6 },
      });
    }
  }
  return models;
}

const V2_TYPES: Record<string, string> = {
  float32: 'FP32',
  float64: 'FP64',
  float16: 'FP16',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  bool: 'BOOL',
  string: 'BYTES',
};

/** A case's input as a V2 tensor. */
export function v2Input(name: string, tensor: CaseTensor): Record<string, unknown> {
  return {
    name,
    shape: tensor.dims,
    datatype: V2_TYPES[tensor.dtype] ?? tensor.dtype,
    data: tensor.data.map(decodeNumber),
  };
}

/** `"NaN"`, `"Infinity"` and `"-Infinity"` stand for those numbers in cases.json. */
export function decodeNumber(value: unknown): unknown {
  if (value === 'NaN') {
    return Number.NaN;
  }
  if (value === 'Infinity') {
    return Number.POSITIVE_INFINITY;
  }
  if (value === '-Infinity') {
    return Number.NEGATIVE_INFINITY;
  }
  return value;
}

/** Whether an actual value matches an expected one within tolerance (NaN matches NaN). */
export function close(actual: unknown, expected: unknown, tolerance: { rtol: number; atol: number }): boolean {
  const e = decodeNumber(expected);
  if (typeof e === 'number' && typeof actual === 'number') {
    if (Number.isNaN(e)) {
      return Number.isNaN(actual);
    }
    if (!Number.isFinite(e)) {
      return actual === e;
    }
    return Math.abs(actual - e) <= tolerance.atol + tolerance.rtol * Math.abs(e);
  }
  if (typeof e === 'object' && e !== null && typeof actual === 'object' && actual !== null) {
    const keys = Object.keys(e);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) => close((actual as Record<string, unknown>)[k], (e as Record<string, unknown>)[k], tolerance))
    );
  }
  return actual === e;
}

/** Compares a list of values, answering the first mismatch (or undefined). */
export function firstMismatch(
  actual: unknown[],
  expected: unknown[],
  tolerance: { rtol: number; atol: number },
): string | undefined {
  if (actual.length !== expected.length) {
    return `length ${actual.length} ≠ ${expected.length}`;
  }
  const i = actual.findIndex((a, k) => !close(a, expected[k], tolerance));
  return i < 0 ? undefined : `at ${i}: ${JSON.stringify(actual[i])} ≠ ${JSON.stringify(expected[i])}`;
}
