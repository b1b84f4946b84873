import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  InferenceError,
  InputError,
  type OutputValue,
  readOnnxModel,
  rowsFromOutputs,
  tensorFromV2,
  tensorsFromNamed,
  tensorsFromV2,
  v2DatatypeOf,
} from '../src';
import { fromFloat16Bits, toFloat16Bits } from '../src/float16';
import { CORPUS_DIR } from './corpus';
import { identityModel } from './tiny-models';

const corpus = (id: string): Buffer => fs.readFileSync(path.join(CORPUS_DIR, id, 'model.onnx'));
const IRIS_INFO = readOnnxModel(corpus('classic-ml/sklearn_randomforest_iris_zipmap_6rows'));

function thrown(call: () => unknown): InputError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('named input checks', () => {
  it('says what was expected and what was given', () => {
    expect(thrown(() => tensorsFromNamed({ X: [[1, 2, 3]] }, IRIS_INFO)).message).toBe(
      'input "X": expected 4 values per row (shape [N,4]), got 3',
    );
    expect(
      thrown(() =>
        tensorsFromNamed(
          {
            X: [
              [1, 2, 3, 4],
              [1, 2, 3],
            ],
          },
          IRIS_INFO,
        ),
      ).message,
    ).toMatch(/not rectangular/);
    expect(thrown(() => tensorsFromNamed({ X: [[1, 2, 3, NaN]] }, IRIS_INFO)).message).toMatch(
      /value at \[0,3\].*non-finite/,
    );
    expect(thrown(() => tensorsFromNamed({ X: [[1, 2, 3, '4']] }, IRIS_INFO)).message).toMatch(/got the string "4"/);
    expect(thrown(() => tensorsFromNamed({ X: [[1, 2, 3, 1e39]] }, IRIS_INFO)).message).toMatch(/out of float's range/);
    expect(thrown(() => tensorsFromNamed({}, IRIS_INFO)).message).toBe('missing input "X" (tensor(float) [N,4])');
    expect(thrown(() => tensorsFromNamed({ X: [[1, 2, 3, 4]], Y: [1] }, IRIS_INFO)).input).toBe('Y');
    expect(thrown(() => tensorsFromNamed({ X: { data: [1, 2, 3, 4], shape: [2, 2] } }, IRIS_INFO)).message).toMatch(
      /expected 4 values per row/,
    );
    expect(thrown(() => tensorsFromNamed({ X: { data: [1, 2, 3, 4], shape: [1, -4] } }, IRIS_INFO)).message).toMatch(
      /non-negative integers/,
    );
    expect(
      thrown(() => tensorsFromNamed({ X: { data: [1, 2, 3, 4], shape: [1, 4], dtype: 'f' } }, IRIS_INFO)).message,
    ).toMatch(/unexpected key/);
    expect(thrown(() => tensorsFromNamed({ X: { data: [], shape: [0, 4] } }, IRIS_INFO)).message).toMatch(
      /must be at least 1/,
    );
    expect(thrown(() => tensorsFromNamed({ X: [[1, 2, 3, 4]] }, IRIS_INFO, { maxElements: 3 })).message).toMatch(
      /element limit/,
    );
    expect(thrown(() => tensorsFromNamed([1], IRIS_INFO)).message).toMatch(/must be an object/);
  });

  it('infers the batch dim of flat data and allows non-finite values only when asked', () => {
    expect(tensorsFromNamed({ X: [1, 2, 3, 4, 5, 6, 7, 8] }, IRIS_INFO).X?.dims).toEqual([2, 4]);
    expect(thrown(() => tensorsFromNamed({ X: [1, 2, 3] }, IRIS_INFO)).message).toMatch(/cannot tell the shape/);
    const tensor = tensorsFromNamed({ X: [[NaN, Infinity, 'NaN', '-Infinity']] }, IRIS_INFO, {
      allowNonFinite: true,
    }).X;
    expect(Array.from(tensor?.data as Float32Array)).toEqual([NaN, Infinity, NaN, -Infinity]);
  });

  it('refuses deep nesting without recursion trouble', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) {
      deep = [deep];
    }
    expect(thrown(() => tensorsFromNamed({ X: deep }, IRIS_INFO)).message).toMatch(/nest deeper than 32/);
  });
});

describe('V2 tensors', () => {
  it('maps element types to V2 datatypes', () => {
    expect(
      ['bool', 'uint8', 'int64', 'float16', 'float', 'double', 'string', 'bfloat16'].map((t) =>
        v2DatatypeOf(t as 'float'),
      ),
    ).toEqual(['BOOL', 'UINT8', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES', undefined]);
  });

  it('checks datatype, shape against data and against the signature', () => {
    const input = { name: 'X', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] };
    expect(tensorFromV2(input, IRIS_INFO)).toEqual(tensorFromV2({ ...input, data: [[1, 2, 3, 4]] }, IRIS_INFO));
    expect(thrown(() => tensorFromV2({ ...input, datatype: 'FP64' }, IRIS_INFO)).message).toBe(
      'input "X": datatype must be FP32 (the model\'s tensor(float)), got the string "FP64"',
    );
    expect(thrown(() => tensorFromV2({ ...input, shape: [1, 3] }, IRIS_INFO)).message).toMatch(/needs 3 values, got 4/);
    expect(thrown(() => tensorFromV2({ ...input, shape: [4, 1] }, IRIS_INFO)).message).toMatch(
      /expected 4 values per row/,
    );
    expect(thrown(() => tensorFromV2({ ...input, shape: [2, 2], data: [[1, 2, 3, 4]] }, IRIS_INFO)).message).toMatch(
      /nested data has shape/,
    );
    expect(thrown(() => tensorFromV2({ ...input, shape: [1.5, 4] }, IRIS_INFO)).input).toBe('X');
    expect(thrown(() => tensorFromV2({ ...input, name: 'Y' }, IRIS_INFO)).message).toMatch(/unknown input "Y"/);
    expect(thrown(() => tensorsFromV2([input, input], IRIS_INFO)).message).toMatch(/given twice/);
  });
});

describe('rowsFromOutputs', () => {
  it('slices by the first dim and repeats scalars', () => {
    const info = readOnnxModel(
      identityModel([
        { name: 'a', type: 'float', dims: ['N', 2] },
        { name: 's', type: 'float', dims: [] },
      ]),
    );
    const outputs: Record<string, OutputValue> = {
      a_out: { kind: 'tensor', type: 'float', dims: [2, 2], data: [1, 2, 3, 4] },
      s_out: { kind: 'tensor', type: 'float', dims: [], data: [9] },
    };
    expect(rowsFromOutputs(outputs, info)).toEqual([
      { a_out: [1, 2], s_out: 9 },
      { a_out: [3, 4], s_out: 9 },
    ]);
    const misaligned: Record<string, OutputValue> = {
      ...outputs,
      s_out: { kind: 'tensor', type: 'float', dims: [3], data: [1, 2, 3] },
    };
    expect(() => rowsFromOutputs(misaligned, info)).toThrow(InferenceError);
  });
});

describe('float16', () => {
  it('encodes and decodes half precision, rounding to nearest even', () => {
    for (const value of [0, -0, 1, -2.5, 65504, 6.103515625e-5, 5.960464477539063e-8, Infinity, -Infinity]) {
      expect(fromFloat16Bits(toFloat16Bits(value))).toBe(value);
    }
    expect(fromFloat16Bits(toFloat16Bits(NaN))).toBeNaN();
    expect(fromFloat16Bits(toFloat16Bits(1 + 2 ** -11))).toBe(1);
    expect(fromFloat16Bits(toFloat16Bits(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9);
    expect(fromFloat16Bits(toFloat16Bits(70000))).toBe(Infinity);
  });
});
