import { buildTensor, inputsByName, inputSpec, listNames, resolveLimits } from './input-tensor';
import { type InputLimits, InputError, InferenceError, type OutputValue, type Tensor } from './serving-types';
import { describe } from './tensor-data';
import type { ElementType, OnnxModelInfo } from './types';

/** Open Inference Protocol (KServe V2) tensor datatypes that ONNX element types map to. */
export type V2Datatype =
  | 'BOOL'
  | 'UINT8'
  | 'UINT16'
  | 'UINT32'
  | 'UINT64'
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'FP16'
  | 'FP32'
  | 'FP64'
  | 'BYTES';

/** A V2 JSON tensor as it goes out: flat row-major data. */
export interface V2Tensor {
  name: string;
  shape: number[];
  datatype: V2Datatype;
  data: Array<number | string | boolean>;
}

const V2_OF: Partial<Record<ElementType, V2Datatype>> = {
  bool: 'BOOL',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  float16: 'FP16',
  float: 'FP32',
  double: 'FP64',
  string: 'BYTES',
};
const V2_KEYS = new Set(['name', 'shape', 'datatype', 'data', 'parameters']);

/** The V2 datatype of an ONNX element type (string ↔ BYTES), or undefined for types V2 cannot carry (bfloat16 …). */
export function v2DatatypeOf(type: ElementType): V2Datatype | undefined {
  return V2_OF[type];
}

/**
 * Builds one input tensor from a V2 JSON input `{ name, shape, datatype, data, parameters? }`: data flat or nested
 * (row-major), datatype equal to the input's, shape matching the data and the signature; BYTES elements are JSON
 * strings (text, not base64). Any problem is an InputError.
 */
export function tensorFromV2(input: unknown, info: OnnxModelInfo, limits: InputLimits = {}): Tensor {
  const resolved = resolveLimits(limits);
  return v2Input(input, info, resolved, resolved.maxElements).tensor;
}

/** Builds the feeds of a V2 request's `inputs` list: every model input exactly once. Any problem is an InputError. */
export function tensorsFromV2(inputs: unknown, info: OnnxModelInfo, limits: InputLimits = {}): Record<string, Tensor> {
  const resolved = resolveLimits(limits);
  if (!Array.isArray(inputs)) {
    throw new InputError('', `inputs must be a list of V2 tensors, got ${describe(inputs)}`);
  }
  const feeds = new Map<string, Tensor>();
  let budget = resolved.maxElements;
  for (const input of inputs as unknown[]) {
    const { name, tensor } = v2Input(input, info, resolved, budget);
    if (feeds.has(name)) {
      throw new InputError(name, `input "${name}" is given twice`);
    }
    budget -= tensor.data.length;
    feeds.set(name, tensor);
  }
  for (const input of info.inputs) {
    if (!feeds.has(input.name)) {
      throw new InputError(input.name, `missing input "${input.name}" (${input.typeString})`);
    }
  }
  return Object.fromEntries(feeds);
}

function v2Input(
  input: unknown,
  info: OnnxModelInfo,
  limits: Required<InputLimits>,
  budget: number,
): { name: string; tensor: Tensor } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InputError('', `a V2 input must be an object { name, shape, datatype, data }, got ${describe(input)}`);
  }
  const record = input as Record<string, unknown>;
  const name = record.name;
  if (!Object.hasOwn(record, 'name') || typeof name !== 'string') {
    throw new InputError('', `a V2 input needs a string "name", got ${describe(name)}`);
  }
  for (const key of Object.keys(record)) {
    if (!V2_KEYS.has(key)) {
      throw new InputError(name, `input "${name}": unexpected key ${JSON.stringify(key)} in a V2 tensor`);
    }
  }
  const declared = inputsByName(info.inputs).get(name);
  if (declared === undefined) {
    throw new InputError(name, `unknown input ${JSON.stringify(name)} (the model's inputs: ${listNames(info.inputs)})`);
  }
  const spec = inputSpec(declared);
  const expected = v2DatatypeOf(spec.type) as V2Datatype;
  const datatype = record.datatype;
  if (datatype !== expected) {
    throw new InputError(
      name,
      `input "${name}": datatype must be ${expected} (the model's ${spec.typeString}), got ${describe(datatype)}`,
    );
  }
  for (const key of ['shape', 'data']) {
    if (!Object.hasOwn(record, key)) {
      throw new InputError(name, `input "${name}": a V2 input needs "${key}"`);
    }
  }
  if (record.parameters !== undefined && (record.parameters === null || typeof record.parameters !== 'object')) {
    throw new InputError(name, `input "${name}": parameters must be an object, got ${describe(record.parameters)}`);
  }
  return { name, tensor: buildTensor(spec, record.data, record.shape, limits, budget) };
}

/**
 * A result as a V2 JSON output tensor with flat data. V2 has no map type: a map_sequence (ZipMap) becomes BYTES of
 * shape [N], each element the row's JSON object as a string. NaN/Infinity stay numbers (JSON.stringify writes null).
 */
export function outputToV2(name: string, value: OutputValue): V2Tensor {
  if (value.kind === 'map_sequence') {
    return { name, shape: [value.data.length], datatype: 'BYTES', data: value.data.map((row) => JSON.stringify(row)) };
  }
  const datatype = v2DatatypeOf(value.type);
  if (datatype === undefined) {
    throw new InferenceError(`output "${name}" is tensor(${value.type}), which the V2 protocol cannot carry`);
  }
  return { name, shape: [...value.dims], datatype, data: [...value.data] };
}
