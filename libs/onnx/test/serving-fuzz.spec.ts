import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  InferenceError,
  InputError,
  OnnxModel,
  type Tensor,
  tensorFromV2,
  tensorsFromNamed,
  tensorsFromRows,
  tensorsFromV2,
  v2DatatypeOf,
} from '../src';
import { CORPUS_DIR } from './corpus';
import { mutate, nest, ownObject, randomJson, Rng, validElement, validTensors } from './fuzz';
import { identityModel } from './tiny-models';

// FERRY_FUZZ_CASES raises the count for a longer hunt; CI runs the default.
const CASES = Number(process.env.FERRY_FUZZ_CASES ?? 1000);
const MODELS: Array<[string, () => Uint8Array]> = [
  ...[
    'classic-ml/sklearn_randomforest_iris_zipmap_6rows',
    'classic-ml/loadonly_coreml_onehotencoder_scaler',
    'ml/ml_label_encoder_string_int',
    'ops/where_example',
    'ops/clip',
    'nn/Embedding',
    'networks/pytorch_bidi_lstm_uint8',
    'networks/tflm_hello_world_sine_keras2onnx',
  ].map((id): [string, () => Uint8Array] => [id, () => fs.readFileSync(path.join(CORPUS_DIR, id, 'model.onnx'))]),
  [
    'tiny/columns',
    () =>
      identityModel([
        { name: 'age', type: 'float', dims: ['N', 1] },
        { name: 'city', type: 'string', dims: ['N'] },
        { name: 'visits', type: 'int64', dims: [null, 1] },
        { name: 'member', type: 'bool', dims: ['N'] },
        { name: 'score', type: 'float16', dims: ['N'] },
      ]),
  ],
];
const IRIS_FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

const served = new Map<string, OnnxModel>();
beforeAll(async () => {
  for (const [id, bytes] of MODELS) {
    served.set(id, await OnnxModel.load(bytes()));
  }
});
afterAll(async () => {
  for (const model of served.values()) {
    await model.release();
  }
});

const modelOf = (id: string): OnnxModel => served.get(id) as OnnxModel;
const TYPED: Record<string, string> = {
  float: 'Float32Array',
  int64: 'BigInt64Array',
  string: 'Array',
  bool: 'Uint8Array',
  uint8: 'Uint8Array',
  float16: 'Uint16Array',
};

/** Accepted feeds must be what the signature promises: the right data class, dims that fit, one value per element. */
function checkAccepted(model: OnnxModel, feeds: Record<string, Tensor>): void {
  for (const [name, tensor] of Object.entries(feeds)) {
    const input = model.info.inputs.find((candidate) => candidate.name === name);
    if (input?.type.kind !== 'tensor') {
      throw new Error(`accepted an unknown input ${name}`);
    }
    expect(tensor.type).toBe(input.type.elementType);
    expect(tensor.data.constructor.name).toBe(TYPED[tensor.type] ?? tensor.data.constructor.name);
    expect(tensor.data.length).toBe(tensor.dims.reduce((product, dim) => product * dim, 1));
    const shape = input.type.shape;
    if (shape !== null) {
      expect(tensor.dims).toHaveLength(shape.length);
      shape.forEach((dim, i) =>
        expect(typeof dim === 'number' ? tensor.dims[i] === dim : (tensor.dims[i] ?? 0) >= 1).toBe(true),
      );
    }
  }
}

type Attempt = { id: string; seed: number; call: () => Record<string, Tensor> };

async function fuzz(label: string, attempts: Attempt[]): Promise<void> {
  const others: string[] = [];
  const accepted: Array<[string, Record<string, Tensor>]> = [];
  let refused = 0;
  for (const { id, seed, call } of attempts) {
    try {
      const feeds = call();
      checkAccepted(modelOf(id), feeds);
      accepted.push([id, feeds]);
    } catch (error) {
      if (error instanceof InputError) {
        refused++;
        expect(typeof error.input).toBe('string');
        expect(error.message).not.toBe('');
      } else {
        others.push(
          `${id} seed ${seed}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        );
      }
    }
  }
  expect(others).toEqual([]);
  // Both outcomes must be exercised, or the generator is not testing anything.
  expect(refused).toBeGreaterThan(attempts.length / 10);
  expect(accepted.length).toBeGreaterThan(attempts.length / 20);
  let ran = 0;
  let failed = 0;
  for (const [id, feeds] of accepted) {
    try {
      await modelOf(id).run(feeds);
      ran++;
    } catch (error) {
      expect(error).toBeInstanceOf(InferenceError);
      failed++;
    }
  }
  console.info(
    `${label}: ${attempts.length} calls, ${refused} refused, ${accepted.length} accepted; ran ${ran}, ${failed} InferenceError`,
  );
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

function attempts(
  base: number,
  make: (rng: Rng, id: string, model: OnnxModel) => () => Record<string, Tensor>,
): Attempt[] {
  return Array.from({ length: CASES }, (_, i) => {
    const seed = base + i;
    const rng = new Rng(seed);
    const [id] = MODELS[i % MODELS.length] as [string, unknown];
    return { id, seed, call: make(rng, id, modelOf(id)) };
  });
}

/** 15 % valid, 60 % a valid input mutated 1–3 times, 25 % arbitrary JSON. */
function variant(rng: Rng, valid: unknown, keys: string[]): unknown {
  const roll = rng.next();
  if (roll < 0.15) {
    return valid;
  }
  if (roll < 0.75) {
    let value = valid;
    for (let n = rng.int(3) + 1; n > 0; n--) {
      value = mutate(rng, value, keys);
    }
    return value;
  }
  return randomJson(rng, 4, keys);
}

describe('malformed input gives InputError and nothing else', () => {
  it(`tensorsFromNamed: ${CASES} inputs`, async () => {
    await fuzz(
      'tensorsFromNamed',
      attempts(1_000, (rng, _id, model) => {
        const valid = ownObject(
          validTensors(rng, model.info).map(({ name, dims, flat }) => {
            const form = rng.int(4);
            const value =
              form === 0
                ? nest(flat, dims)
                : form === 1
                  ? flat
                  : { data: form === 2 ? flat : nest(flat, dims), shape: dims };
            return [name, value];
          }),
        );
        const keys = [...model.info.inputs.map((input) => input.name), 'data', 'shape', '__proto__'];
        const input = variant(rng, valid, keys);
        const allowNonFinite = rng.chance(0.2);
        return () => tensorsFromNamed(input, model.info, { allowNonFinite, maxRows: 50, maxElements: 5_000 });
      }),
    );
  });

  it(`tensorsFromRows: ${CASES} inputs`, async () => {
    await fuzz(
      'tensorsFromRows',
      attempts(2_000, (rng, id, model) => {
        const iris = id.endsWith('iris_zipmap_6rows');
        const byName = iris && rng.chance(0.5);
        const count = rng.int(4) + 1;
        const features = iris
          ? byName
            ? IRIS_FEATURES
            : [0, 1, 2, 3].map((i) => `X[${i}]`)
          : model.info.inputs.map((input) => input.name);
        const types = model.info.inputs.map((input) =>
          input.type.kind === 'tensor' ? input.type.elementType : 'float',
        );
        const valid = Array.from({ length: count }, () =>
          ownObject(features.map((feature, j) => [feature, validElement(rng, types[iris ? 0 : j] ?? 'float')])),
        );
        const rows = variant(rng, valid, [...features, '__proto__', 'constructor']);
        return () =>
          tensorsFromRows(rows, model.info, { featureNames: byName ? IRIS_FEATURES : undefined, maxRows: 50 });
      }),
    );
  });

  it(`tensorFromV2: ${CASES} inputs (and tensorsFromV2 on the lists)`, async () => {
    const lists: Attempt[] = [];
    await fuzz(
      'tensorFromV2',
      attempts(3_000, (rng, id, model) => {
        const tensors = validTensors(rng, model.info);
        const v2 = tensors.map(({ name, type, dims, flat }) => ({
          name,
          shape: dims,
          datatype: v2DatatypeOf(type),
          data: rng.chance(0.5) ? flat : nest(flat, dims),
        }));
        const keys = ['name', 'shape', 'datatype', 'data', 'parameters', '__proto__'];
        const list = variant(rng, v2, keys);
        const pickedIndex = rng.int(v2.length);
        const single = variant(rng, v2[pickedIndex], keys);
        const options = { maxRows: 50, maxElements: 5_000 };
        lists.push({ id, seed: rng.int(1e9), call: () => tensorsFromV2(list, model.info, options) });
        return () => {
          const tensor = tensorFromV2(single, model.info, options);
          // Run it alongside valid values of the other inputs; the name is the valid one's when the tensor was accepted.
          const name = (single as { name: string }).name;
          const others = tensors.filter((other) => other.name !== name);
          return Object.fromEntries([
            ...others.map(
              (other) =>
                [
                  other.name,
                  tensorFromV2(
                    v2.find((x) => x.name === other.name),
                    model.info,
                  ),
                ] as const,
            ),
            [name, tensor],
          ]);
        };
      }),
    );
    await fuzz('tensorsFromV2', lists);
  });
});
