import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, OnnxModel, readOnnxModel, rowsFromOutputs, tensorsFromNamed, tensorsFromRows } from '../src';
import { decodeData, mismatch, readCases } from './cases';
import { CORPUS_DIR } from './corpus';
import { identityModel } from './tiny-models';

const IRIS = path.join(CORPUS_DIR, 'classic-ml', 'sklearn_randomforest_iris_zipmap_6rows', 'model.onnx');
const ONEHOT = path.join(CORPUS_DIR, 'classic-ml', 'loadonly_coreml_onehotencoder_scaler', 'model.onnx');
const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

function thrown(call: () => unknown): InputError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('tensorsFromRows with one matrix input [N, 4]', () => {
  const cases = readCases(IRIS);
  const c = cases?.cases[0];
  const flat = decodeData(c?.inputs.X ?? { dtype: 'float32', dims: [], data: [] }) as number[];
  const named = (names: string[]): Array<Record<string, number>> =>
    Array.from({ length: flat.length / 4 }, (_, r) =>
      Object.fromEntries(names.map((name, j) => [name, flat[r * 4 + j] as number])),
    );
  let model: OnnxModel;
  beforeAll(async () => {
    model = await OnnxModel.load(fs.readFileSync(IRIS));
  });
  afterAll(() => model.release());

  it('serves rows keyed by the training columns, and by X[i] without them', async () => {
    const byColumns = tensorsFromRows(named(FEATURES), model.info, { featureNames: FEATURES });
    const byIndex = tensorsFromRows(named(['X[0]', 'X[1]', 'X[2]', 'X[3]']), model.info);
    expect(byColumns).toEqual(tensorsFromNamed({ X: { data: flat, shape: [6, 4] } }, model.info));
    expect(byIndex).toEqual(byColumns);
    const outputs = await model.run(byColumns);
    for (const [name, want] of Object.entries(c?.outputs ?? {})) {
      expect(mismatch(name, outputs[name], want, 1e-4, 1e-5)).toBeNull();
    }
    const rows = rowsFromOutputs(outputs, model.info);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({
      output_label: 2,
      output_probability: { '0': 0, '1': expect.any(Number), '2': expect.any(Number) },
    });
    expect(Object.keys(rows[0] ?? {})).toEqual(['output_label', 'output_probability']);
  });

  it('names unknown, missing and mistyped features', () => {
    const rows = named(FEATURES);
    const options = { featureNames: FEATURES };
    let error = thrown(() => tensorsFromRows([...rows, { ...rows[0], petal_colour: 1 }], model.info, options));
    expect(error.input).toBe('petal_colour');
    expect(error.message).toMatch(/row 6: unknown feature "petal_colour"/);
    const { petal_width: _dropped, ...partial } = rows[1] as Record<string, number>;
    error = thrown(() => tensorsFromRows([rows[0], partial], model.info, options));
    expect(error.input).toBe('petal_width');
    expect(error.message).toMatch(/row 1: missing feature "petal_width"/);
    error = thrown(() => tensorsFromRows([{ ...rows[0], sepal_width: 'wide' }], model.info, options));
    expect(error.input).toBe('sepal_width');
    expect(error.message).toMatch(
      /row 0, feature "sepal_width": expected a finite number \(float\), got the string "wide"/,
    );
    // null is a missing value: NaN in a float input (models with imputation in the graph fill it in).
    const missing = tensorsFromRows([{ ...rows[0], sepal_width: null }], model.info, options);
    expect(Number.isNaN((missing.X?.data as Float32Array)[1])).toBe(true);
    error = thrown(() => tensorsFromRows(named(FEATURES), model.info));
    expect(error.input).toBe('sepal_length');
    expect(error.message).toMatch(/expected "X\[0\]", "X\[1\]", "X\[2\]", "X\[3\]"/);
    error = thrown(() => tensorsFromRows(rows, model.info, { featureNames: FEATURES.slice(0, 3) }));
    expect(error.message).toMatch(/3 feature names for input "X", which takes 4 columns/);
    expect(thrown(() => tensorsFromRows([], model.info)).message).toMatch(/non-empty list/);
    expect(thrown(() => tensorsFromRows([rows[0], 'row'], model.info, options)).message).toMatch(
      /row 1: expected an object/,
    );
    expect(thrown(() => tensorsFromRows(rows, model.info, { ...options, maxRows: 5 })).message).toMatch(
      /6 rows exceed the limit of 5/,
    );
  });

  it('refuses a prototype key as an unknown feature without polluting anything', () => {
    const row = JSON.parse(
      '{"__proto__": {"polluted": 1}, "sepal_length": 1, "sepal_width": 1, "petal_length": 1, "petal_width": 1}',
    );
    const error = thrown(() => tensorsFromRows([row], model.info, { featureNames: FEATURES }));
    expect(error.input).toBe('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('tensorsFromRows with one input per column', () => {
  it('feeds the CoreML one-hot encoder ([1] int64 inputs named "1" … "8") from one row', async () => {
    const model = await OnnxModel.load(fs.readFileSync(ONEHOT));
    try {
      const row = Object.fromEntries(model.info.inputs.map((input, i) => [input.name, i % 3]));
      const feeds = tensorsFromRows([row], model.info);
      expect(Object.keys(feeds).sort()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
      const outputs = await model.run(feeds);
      expect(outputs.transformed_features).toMatchObject({ kind: 'tensor', type: 'float', dims: [1, 57] });
      const error = thrown(() => tensorsFromRows([row, row], model.info));
      expect(error.message).toMatch(/expected 1 as dimension 0 \(shape \[1\]\), got 2/);
      expect(thrown(() => tensorsFromRows([{ ...row, 3: 1.5 }], model.info)).input).toBe('3');
    } finally {
      await model.release();
    }
  });

  it('feeds numeric and categorical string columns of several rows', async () => {
    const bytes = identityModel([
      { name: 'age', type: 'float', dims: ['N', 1] },
      { name: 'city', type: 'string', dims: ['N'] },
      { name: 'visits', type: 'int64', dims: [null, 1] },
    ]);
    const model = await OnnxModel.load(bytes);
    try {
      const rows = [
        { age: 31.5, city: 'Lyon', visits: 3 },
        { age: 40, city: 'Oslo', visits: 0 },
      ];
      const feeds = tensorsFromRows(rows, model.info);
      expect(feeds.city).toEqual({ type: 'string', dims: [2], data: ['Lyon', 'Oslo'] });
      expect(feeds.age?.dims).toEqual([2, 1]);
      const outputs = await model.run(feeds);
      expect(rowsFromOutputs(outputs, model.info)).toEqual([
        { age_out: [31.5], city_out: 'Lyon', visits_out: [3] },
        { age_out: [40], city_out: 'Oslo', visits_out: [0] },
      ]);
      let error = thrown(() => tensorsFromRows([{ age: 1, city: 7, visits: 1 }], model.info));
      expect(error.input).toBe('city');
      expect(error.message).toMatch(/expected a string, got 7/);
      error = thrown(() => tensorsFromRows([{ age: 1, city: 'x' }], model.info));
      expect(error.input).toBe('visits');
      error = thrown(() => tensorsFromRows([{ age: 1, city: 'x', visits: 1, Age: 2 }], model.info));
      expect(error.input).toBe('Age');
      error = thrown(() => tensorsFromRows([{ age: 1, city: 'x', visits: 2 ** 60 }], model.info));
      expect(error.message).toMatch(/visits.*int64/);
    } finally {
      await model.release();
    }
  });

  it('says when a model cannot be fed from rows', () => {
    const info = readOnnxModel(identityModel([{ name: 'image', type: 'float', dims: [1, 3, 8, 8] }]));
    expect(thrown(() => tensorsFromRows([{ image: 1 }], info)).message).toMatch(/cannot be fed from rows/);
  });
});
