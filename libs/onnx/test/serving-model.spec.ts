import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  InferenceError,
  InputError,
  InvalidOnnxError,
  OnnxModel,
  type OutputValue,
  outputToV2,
  prepareForServing,
  readOnnxModel,
  rowsFromOutputs,
  tensorsFromNamed,
  tensorsFromV2,
  v2DatatypeOf,
} from '../src';
import { CORPUS_DIR } from './corpus';
import { identityModel, softmaxZipMapModel } from './tiny-models';

const corpus = (id: string): Buffer => fs.readFileSync(path.join(CORPUS_DIR, id, 'model.onnx'));
const IRIS_INFO = readOnnxModel(corpus('classic-ml/sklearn_randomforest_iris_zipmap_6rows'));

describe('prepareForServing', () => {
  it('exposes the input of a ZipMap that is the only output, and is idempotent', async () => {
    const original = corpus('classic-ml/zipmap_string_labels');
    const prepared = prepareForServing(original);
    expect(prepared.zipMaps).toEqual([{ output: 'y', probabilities: 'x', labels: ['a', 'b', 'c'] }]);
    expect(prepared.info.outputs.map((output) => output.name)).toEqual(['y']);
    expect(readOnnxModel(prepared.bytes).outputs.map((output) => [output.name, output.typeString])).toEqual([
      ['y', 'seq(map(string,tensor(float)))'],
      ['x', 'tensor(float)'],
    ]);
    const again = prepareForServing(prepared.bytes);
    expect(again.bytes).toBe(prepared.bytes);
    expect(again.info).toEqual(prepared.info);
    expect(again.zipMaps).toEqual(prepared.zipMaps);
  });

  it('exposes an intermediate ZipMap input, keeping int64 labels as numbers', async () => {
    const prepared = prepareForServing(corpus('classic-ml/sklearn_randomforest_iris_zipmap_6rows'));
    expect(prepared.zipMaps).toEqual([
      { output: 'output_probability', probabilities: 'probabilities', labels: [0, 1, 2] },
    ]);
    expect(prepared.info).toEqual(IRIS_INFO);
    const unchanged = corpus('ops/relu');
    expect(prepareForServing(unchanged).bytes).toBe(unchanged);
  });

  it('reports the width a tree ensemble implies for an [N, ?] input', () => {
    expect(prepareForServing(corpus('classic-ml/loadonly_sklearn_treeensembleclassifier')).inputWidths).toEqual({
      input: 20,
    });
  });

  it('refuses what is not ONNX with InvalidOnnxError', () => {
    expect(() => prepareForServing(new Uint8Array([1, 2, 3]))).toThrow(InvalidOnnxError);
  });
});

describe('OnnxModel', () => {
  it('serves a model whose only output is a ZipMap with int64 labels (keys as strings)', async () => {
    const model = await OnnxModel.load(softmaxZipMapModel([7, 9]));
    try {
      const outputs = await model.run(
        tensorsFromNamed(
          {
            x: [
              [0, 0],
              [0, Math.log(3)],
            ],
          },
          model.info,
        ),
      );
      expect(outputs).toEqual({
        classes: {
          kind: 'map_sequence',
          data: [
            { 7: 0.5, 9: 0.5 },
            { 7: expect.any(Number), 9: expect.any(Number) },
          ],
        },
      });
      const second = (outputs.classes?.data as Array<Record<string, number>>)[1] as Record<string, number>;
      expect(second['9']).toBeCloseTo(0.75, 6);
      expect(outputToV2('classes', outputs.classes as OutputValue)).toEqual({
        name: 'classes',
        shape: [2],
        datatype: 'BYTES',
        data: ['{"7":0.5,"9":0.5}', JSON.stringify(second)],
      });
      expect(rowsFromOutputs(outputs, model.info)[1]).toEqual({ classes: second });
    } finally {
      await model.release();
    }
  });

  it('keeps a "__proto__" label as a key', async () => {
    const model = await OnnxModel.load(softmaxZipMapModel(['__proto__', 'b']));
    try {
      const outputs = await model.run(tensorsFromNamed({ x: [[0, 0]] }, model.info));
      const row = (outputs.classes?.data as Array<Record<string, number>>)[0] as Record<string, number>;
      expect(Object.keys(row)).toEqual(['__proto__', 'b']);
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    } finally {
      await model.release();
    }
  });

  it('round-trips every servable element type through named and V2 inputs', async () => {
    const samples: Record<string, unknown[]> = {
      float: [1.5, -2],
      double: [1e300, -0.1],
      float16: [0.5, 65504],
      int8: [-128, 127],
      int16: [-32768, 5],
      int32: [-2147483648, 2147483647],
      int64: [-(2 ** 53 - 1), 2 ** 53 - 1],
      uint8: [0, 255],
      uint16: [0, 65535],
      uint32: [0, 4294967295],
      uint64: [0, 2 ** 53 - 1],
      bool: [true, false],
      string: ['', 'ü'],
    };
    const inputs = Object.keys(samples).map((type) => ({ name: `v_${type}`, type: type as 'float', dims: ['N'] }));
    const model = await OnnxModel.load(identityModel(inputs));
    try {
      const named = tensorsFromNamed(
        Object.fromEntries(inputs.map((input) => [input.name, samples[input.type.toString()]])),
        model.info,
      );
      const v2 = tensorsFromV2(
        inputs.map((input) => ({
          name: input.name,
          shape: [2],
          datatype: v2DatatypeOf(input.type),
          data: samples[input.type],
        })),
        model.info,
      );
      expect(v2).toEqual(named);
      const outputs = await model.run(named);
      for (const input of inputs) {
        expect(outputs[`${input.name}_out`]).toEqual({
          kind: 'tensor',
          type: input.type,
          dims: [2],
          data: samples[input.type],
        });
        const out = outputToV2(`${input.name}_out`, outputs[`${input.name}_out`] as OutputValue);
        expect(out.datatype).toBe(v2DatatypeOf(input.type));
      }
      const picked = await model.run(named, { outputs: ['v_bool_out'] });
      expect(Object.keys(picked)).toEqual(['v_bool_out']);
      await expect(model.run(named, { outputs: ['nope'] })).rejects.toThrow(InputError);
    } finally {
      await model.release();
    }
  });

  it('turns ONNX Runtime failures into InferenceError, and refuses to run once released', async () => {
    const model = await OnnxModel.load(corpus('ops/relu'));
    await expect(model.run({ x: { type: 'double', dims: [3, 4, 5], data: new Float64Array(60) } })).rejects.toThrow(
      InferenceError,
    );
    await expect(model.run({ x: { type: 'float', dims: [3, 4, 5], data: new Float32Array(2) } })).rejects.toThrow(
      InferenceError,
    );
    await expect(model.run({})).rejects.toThrow(InferenceError);
    await model.release();
    await model.release();
    await expect(model.run({})).rejects.toThrow(/released/);
  });

  it('lets runs in flight finish before releasing the session', async () => {
    const model = await OnnxModel.load(corpus('networks/onnx_light_squeezenet'));
    const running = model.run({
      data_0: { type: 'float', dims: [1, 3, 224, 224], data: new Float32Array(3 * 224 * 224) },
    });
    await model.release();
    await expect(running).resolves.toHaveProperty('softmaxout_1.dims', [1, 1000, 1, 1]);
  });

  it('refuses a model ONNX Runtime cannot load with InferenceError', async () => {
    const file = path.join(CORPUS_DIR, 'unloadable', 'Linear', 'model.onnx');
    await expect(OnnxModel.load(fs.readFileSync(file))).rejects.toThrow(InferenceError);
  });
});
