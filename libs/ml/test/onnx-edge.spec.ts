import { OnnxModel, readOnnxModel, tensorsFromRows } from '@ferry/onnx';
import { parseFerryMetadata, Table, train } from '../src';
import { maxRelativeDifference, runOnnx } from './support/onnx';

describe('ONNX export, edge shapes', () => {
  it('one numeric feature (no Concat) for a regression', async () => {
    const table = Table.fromColumns({ x: [1, 2, null, 4, 5], y: [2, 4, 6, 8, 10] });
    const result = train({ table, target: 'y', trainer: { type: 'linear_regression' } });
    const serving = Table.fromColumns({ x: [null, 0, 10] });
    const outputs = await runOnnx(result.onnx, serving, result.model.preparation.features);
    const expected = result.model.predict(serving).prediction;
    expect(maxRelativeDifference(outputs['prediction']!.data as Float32Array, expected)).toBeLessThan(1e-5);
  });

  it('categorical features only, one with no value in training; C = Infinity survives the metadata', async () => {
    const table = Table.fromColumns({
      colour: ['red', 'red', 'blue', 'blue', 'green', null, 'red', 'blue'],
      never: [null, null, null, null, null, null, null, null],
      y: ['a', 'a', 'b', 'b', 'a', 'b', 'b', 'a'],
    });
    const result = train({
      table,
      target: 'y',
      features: ['colour', 'never'],
      trainer: { type: 'logistic_regression', params: { C: Number.POSITIVE_INFINITY, maxIterations: 50 } },
    });
    const serving = Table.fromColumns({ colour: ['red', null, 'purple', 'green'], never: ['x', null, 'y', 'z'] });
    const outputs = await runOnnx(result.onnx, serving, result.model.preparation.features);
    const expected = result.model.predict(serving);
    expect(maxRelativeDifference(outputs['probabilities']!.data as Float32Array, expected.probabilities)).toBeLessThan(
      1e-5,
    );
    expect(Array.from(outputs['label']!.data as string[])).toEqual(expected.label);
    const metadata = parseFerryMetadata(readOnnxModel(result.onnx).metadata)!;
    expect(metadata.trainer.params).toEqual(result.params);
  });

  it('is served by @ferry/onnx from rows of raw features (missing as NaN and "")', async () => {
    const table = Table.fromColumns({
      size: [1, 2, 3, 4, 5, 6, 7, 8],
      kind: ['s', 't', 's', 't', 's', 't', 's', 't'],
      y: [0, 0, 0, 1, 0, 1, 1, 1],
    });
    const result = train({ table, target: 'y', trainer: { type: 'logistic_regression' } });
    const model = await OnnxModel.load(result.onnx);
    try {
      const rows = [
        { size: 2, kind: 't' },
        { size: 'NaN', kind: '' },
      ];
      const feeds = tensorsFromRows(rows, model.info, { allowNonFinite: true });
      const outputs = await model.run(feeds);
      const expected = result.model.predict(Table.fromColumns({ size: [2, null], kind: ['t', null] }));
      const label = outputs['label'];
      const probabilities = outputs['probabilities'];
      expect(label?.kind === 'tensor' && label.data).toEqual(expected.label);
      expect(probabilities?.kind === 'tensor' && probabilities.dims).toEqual([2, 2]);
      const data = probabilities?.kind === 'tensor' ? (probabilities.data as number[]) : [];
      expect(maxRelativeDifference(data, expected.probabilities)).toBeLessThan(1e-5);
    } finally {
      await model.release();
    }
  });
});
