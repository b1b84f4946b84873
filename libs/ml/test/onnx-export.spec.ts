import { readOnnxModel } from '@ferry/onnx';
import {
  type ClassifierPredictions,
  type ClusterPredictions,
  METADATA_KEYS,
  parseFerryMetadata,
  type RegressionPredictions,
  train,
} from '../src';
import { customers } from './support/data';
import { maxRelativeDifference, runOnnx } from './support/onnx';

const FEATURES = ['age', 'sessions_per_week', 'avg_order_value', 'ad_clicks', 'country', 'device'];
// Training data with missing cells; serving rows with more of them, and categories training never saw.
const TRAINING = customers(1, 3000, { missing: 0.05 });
const SERVING = customers(2, 1000, { missing: 0.1, unseen: 0.1 });
const TOLERANCE = 1e-5;

describe('ONNX export matches the TypeScript model on 1,000 rows with missing values and unseen categories', () => {
  it('has serving rows that exercise every path', () => {
    const country = SERVING.column('country');
    const age = SERVING.column('age');
    expect(country.kind === 'categorical' && country.values.some((v) => v === null)).toBe(true);
    expect(country.kind === 'categorical' && country.values.some((v) => v?.startsWith('NEW'))).toBe(true);
    expect(age.kind === 'numeric' && age.values.some(Number.isNaN)).toBe(true);
  });

  it('logistic regression, binary with string labels', async () => {
    const result = train({
      table: TRAINING,
      target: 'purchased',
      features: FEATURES,
      trainer: { type: 'logistic_regression', params: { C: 1 } },
    });
    const expected = result.model.predict(SERVING);
    const outputs = await runOnnx(result.onnx, SERVING, result.model.preparation.features);
    expect(outputs['label']!.dims).toEqual([1000]);
    expect(outputs['probabilities']!.dims).toEqual([1000, 2]);
    expect(maxRelativeDifference(outputs['probabilities']!.data as Float32Array, expected.probabilities)).toBeLessThan(
      TOLERANCE,
    );
    expect(Array.from(outputs['label']!.data as string[])).toEqual(expected.label);
    expect(new Set<string | number>(expected.label)).toEqual(new Set(['yes', 'no']));
  });

  it('logistic regression, multinomial with integer labels', async () => {
    const result = train({
      table: TRAINING,
      target: 'segment',
      features: FEATURES,
      trainer: { type: 'logistic_regression', params: { C: 10 } },
    });
    const expected: ClassifierPredictions = result.model.predict(SERVING);
    const outputs = await runOnnx(result.onnx, SERVING, result.model.preparation.features);
    expect(outputs['label']!.type).toBe('int64');
    expect(outputs['probabilities']!.dims).toEqual([1000, 3]);
    expect(maxRelativeDifference(outputs['probabilities']!.data as Float32Array, expected.probabilities)).toBeLessThan(
      TOLERANCE,
    );
    expect(Array.from(outputs['label']!.data as BigInt64Array, Number)).toEqual(expected.label);
    expect(result.model.classes).toEqual([0, 1, 2]);
  });

  it('k-means', async () => {
    const result = train({
      table: TRAINING,
      features: FEATURES,
      trainer: { type: 'kmeans', params: { k: 5 } },
      seed: 3,
    });
    const expected: ClusterPredictions = result.model.predict(SERVING);
    const outputs = await runOnnx(result.onnx, SERVING, result.model.preparation.features);
    expect(outputs['distances']!.dims).toEqual([1000, 5]);
    expect(maxRelativeDifference(outputs['distances']!.data as Float32Array, expected.distances)).toBeLessThan(
      TOLERANCE,
    );
    expect(Array.from(outputs['label']!.data as BigInt64Array, Number)).toEqual(Array.from(expected.label));
  });

  it.each(['ridge', 'linear_regression'] as const)('%s', async (type) => {
    const result = train({ table: TRAINING, target: 'spend', features: FEATURES, trainer: { type } });
    const expected: RegressionPredictions = result.model.predict(SERVING);
    const outputs = await runOnnx(result.onnx, SERVING, result.model.preparation.features);
    expect(outputs['prediction']!.dims).toEqual([1000, 1]);
    expect(maxRelativeDifference(outputs['prediction']!.data as Float32Array, expected.prediction)).toBeLessThan(
      TOLERANCE,
    );
  });

  it('writes a signature readOnnxModel reads: one [N, 1] input per raw column, typed outputs, metadata', () => {
    const result = train({
      table: TRAINING,
      target: 'purchased',
      features: FEATURES,
      trainer: { type: 'logistic_regression' },
    });
    const info = readOnnxModel(result.onnx);
    const signature = (values: typeof info.inputs): unknown[] =>
      values.map((value) => [value.name, value.typeString, value.type.kind === 'tensor' ? value.type.shape : null]);
    expect(signature(info.inputs)).toEqual([
      ['age', 'tensor(float)', ['N', 1]],
      ['sessions_per_week', 'tensor(float)', ['N', 1]],
      ['avg_order_value', 'tensor(float)', ['N', 1]],
      ['ad_clicks', 'tensor(float)', ['N', 1]],
      ['country', 'tensor(string)', ['N', 1]],
      ['device', 'tensor(string)', ['N', 1]],
    ]);
    expect(signature(info.outputs)).toEqual([
      ['label', 'tensor(string)', ['N']],
      ['probabilities', 'tensor(float)', ['N', 2]],
    ]);
    expect(info.opsetImports).toEqual([
      { domain: 'ai.onnx', version: 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(JSON.parse(info.metadata[METADATA_KEYS.CLASSES]!)).toEqual(['no', 'yes']);
    const parsed = parseFerryMetadata(info.metadata)!;
    expect(parsed.trainer.type).toBe('logistic_regression');
    expect(parsed.target).toBe('purchased');
    expect(parsed.preparation).toEqual(result.model.preparation);
  });
});
