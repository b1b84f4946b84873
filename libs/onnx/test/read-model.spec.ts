import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidOnnxError, readOnnxModel, type ValueInfo } from '../src';
import { CORPUS_DIR, listCorpusModels, seededBytes } from './corpus';
import type { ReferenceFile, ReferenceValue } from './signatures';

const reference = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'signatures.json'), 'utf8'),
) as ReferenceFile;
const models = listCorpusModels();
const bytesOf = (id: string): Buffer => fs.readFileSync(path.join(CORPUS_DIR, id));

function summary(value: ValueInfo): ReferenceValue {
  const shape = value.type.kind === 'tensor' || value.type.kind === 'sparse_tensor' ? value.type.shape : null;
  return { name: value.name, type: value.typeString, shape, printable: null, doc_string: value.docString };
}

// onnx.helper.printable_type rebuilt from what we read, to hold our dims against ONNX's own printing as well.
function printable(value: ValueInfo): string {
  if (value.type.kind !== 'tensor') {
    return '';
  }
  const { elementType, shape } = value.type;
  if (shape === null) {
    return elementType.toUpperCase();
  }
  if (shape.length === 0) {
    return `${elementType.toUpperCase()}, scalar`;
  }
  return `${elementType.toUpperCase()}, ${shape.map((dim) => (dim === null ? '?' : String(dim))).join('x')}`;
}

function expectInvalid(bytes: Uint8Array): InvalidOnnxError {
  let caught: unknown;
  try {
    readOnnxModel(bytes);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidOnnxError);
  expect((caught as InvalidOnnxError).message).not.toBe('');
  return caught as InvalidOnnxError;
}

describe('readOnnxModel on the corpus', () => {
  it('has a committed reference for exactly the corpus models (else re-run fixtures/make_signatures.py)', () => {
    expect(models.length).toBeGreaterThanOrEqual(60);
    expect(models.map((model) => model.id)).toEqual(Object.keys(reference.models).sort());
  });

  it.each(models.map((model) => [model.id]))('%s matches the signature ONNX itself reads', (id) => {
    const ref = reference.models[id];
    if (!ref) {
      throw new Error(`no reference for ${id}`);
    }
    const info = readOnnxModel(bytesOf(id));
    expect(info).toMatchObject({
      irVersion: ref.ir_version,
      opsetImports: ref.opset_imports.map((opset) => ({ ...opset, domain: opset.domain || 'ai.onnx' })),
      producerName: ref.producer_name,
      producerVersion: ref.producer_version,
      domain: ref.domain,
      modelVersion: ref.model_version,
      docString: ref.doc_string,
      graphName: ref.graph_name,
      metadata: ref.metadata,
    });
    expect(info.inputs.map(summary)).toEqual(ref.inputs.map((value) => ({ ...value, printable: null })));
    expect(info.outputs.map(summary)).toEqual(ref.outputs.map((value) => ({ ...value, printable: null })));
    const values = [...info.inputs, ...info.outputs];
    [...ref.inputs, ...ref.outputs].forEach((value, i) => {
      if (value.printable !== null && value.type.startsWith('tensor(')) {
        expect(printable(values[i] as ValueInfo)).toBe(value.printable);
      }
    });
  });

  it('types a ZipMap output as a sequence of maps', () => {
    const info = readOnnxModel(bytesOf('classic-ml/sklearn_randomforest_iris_zipmap_6rows/model.onnx'));
    expect(info.outputs.map((output) => output.typeString)).toEqual(['tensor(int64)', 'seq(map(int64,tensor(float)))']);
    expect(info.outputs[1]?.type).toEqual({
      kind: 'sequence',
      element: { kind: 'map', keyType: 'int64', valueType: { kind: 'tensor', elementType: 'float', shape: null } },
    });
    expect(info.inputs[0]?.type).toEqual({ kind: 'tensor', elementType: 'float', shape: [null, 4] });
  });

  it('keeps symbolic dims and leaves initializers out of the inputs', () => {
    const lstm = readOnnxModel(bytesOf('networks/pytorch_bidi_lstm_uint8/model.onnx'));
    expect(lstm.inputs[0]?.type).toEqual({ kind: 'tensor', elementType: 'uint8', shape: ['batch', 'length'] });
    const resnet = readOnnxModel(bytesOf('networks/onnx_light_resnet50/model.onnx'));
    expect(resnet.inputs.map((input) => input.name)).toEqual(['gpu_0/data_0']);
  });

  it('reads a plain Uint8Array as well as a Buffer', () => {
    const bytes = bytesOf('ops/top_k/model.onnx');
    expect(readOnnxModel(new Uint8Array(bytes))).toEqual(readOnnxModel(bytes));
  });
});

describe('readOnnxModel refuses what is not ONNX', () => {
  it('refuses an empty buffer', () => {
    expect(expectInvalid(new Uint8Array(0)).message).toMatch(/empty/);
  });

  it('refuses a PNG', () => {
    const header = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52];
    expectInvalid(new Uint8Array([...header, ...seededBytes(4096, 7)]));
  });

  it('refuses 64 KiB of random bytes', () => {
    expectInvalid(seededBytes(64 * 1024, 42));
  });

  it("refuses a JSON file's bytes", () => {
    expectInvalid(fs.readFileSync(path.join(CORPUS_DIR, 'ops', 'relu', 'cases.json')));
    expectInvalid(new TextEncoder().encode(JSON.stringify({ irVersion: 8, graph: { output: ['y'] } })));
  });

  it.each(models.map((model) => [model.id]))('refuses %s cut at 50%% and at length - 1', (id) => {
    const bytes = bytesOf(id);
    expectInvalid(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectInvalid(bytes.subarray(0, bytes.length - 1));
  });

  it('only ever throws InvalidOnnxError, for random buffers and corrupted models', () => {
    const samples: Uint8Array[] = [];
    for (let seed = 1; seed <= 500; seed++) {
      samples.push(seededBytes(1 + ((seed * 37) % 3000), seed));
    }
    for (const id of [
      'ops/relu/model.onnx',
      'classic-ml/lightgbm_iris_zipmap/model.onnx',
      'ml/ml_binarizer/model.onnx',
    ]) {
      const original = bytesOf(id);
      for (let seed = 1; seed <= 300; seed++) {
        const copy = new Uint8Array(original);
        const noise = seededBytes(3, seed * 7919);
        const at = ((noise[0] as number) * 256 + (noise[1] as number)) % copy.length;
        copy[at] = noise[2] as number;
        samples.push(copy);
      }
    }
    let accepted = 0;
    for (const sample of samples) {
      try {
        const info = readOnnxModel(sample);
        accepted++;
        // Whatever gets through must still look like a model.
        expect(info.irVersion).toBeGreaterThan(0);
        expect(info.outputs.length).toBeGreaterThan(0);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidOnnxError);
      }
    }
    expect(accepted).toBeLessThan(samples.length);
  });
});
