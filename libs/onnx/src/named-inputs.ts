import { buildTensor, inputsByName, inputSpec, listNames, resolveLimits } from './input-tensor';
import { type InputLimits, InputError, type Tensor } from './serving-types';
import { describe } from './tensor-data';
import { formatDims } from './tensor-shape';
import type { OnnxModelInfo } from './types';

const TENSOR_KEYS = new Set(['data', 'shape']);

/**
 * Builds feeds from named tensors: each value is nested arrays (row-major) or `{ data, shape? }` with flat or nested
 * data; every model input is required, each checked against the signature. Any problem is an InputError.
 */
export function tensorsFromNamed(
  inputs: unknown,
  info: OnnxModelInfo,
  limits: InputLimits = {},
): Record<string, Tensor> {
  const resolved = resolveLimits(limits);
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) {
    throw new InputError('', `inputs must be an object of input name → tensor, got ${describe(inputs)}`);
  }
  const known = inputsByName(info.inputs);
  const given = inputs as Record<string, unknown>;
  const entries: Array<[string, Tensor]> = [];
  let budget = resolved.maxElements;
  for (const name of Object.keys(given)) {
    const input = known.get(name);
    if (input === undefined) {
      throw new InputError(
        name,
        `unknown input ${JSON.stringify(name)} (the model's inputs: ${listNames(info.inputs)})`,
      );
    }
    const { data, shape } = unwrap(name, given[name]);
    const tensor = buildTensor(inputSpec(input), data, shape, resolved, budget);
    budget -= tensor.data.length;
    entries.push([name, tensor]);
  }
  for (const input of info.inputs) {
    if (!Object.hasOwn(given, input.name)) {
      const shape = input.type.kind === 'tensor' ? ` ${formatDims(input.type.shape)}` : '';
      throw new InputError(input.name, `missing input "${input.name}" (${input.typeString}${shape})`);
    }
  }
  // fromEntries defines own properties, so an input named "__proto__" stays an ordinary key.
  return Object.fromEntries(entries);
}

function unwrap(name: string, value: unknown): { data: unknown; shape: unknown } {
  if (value === null || value === undefined) {
    throw new InputError(name, `input "${name}": expected an array or { data, shape }, got ${describe(value)}`);
  }
  if (typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) {
    return { data: value, shape: undefined };
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!TENSOR_KEYS.has(key)) {
      throw new InputError(name, `input "${name}": unexpected key ${JSON.stringify(key)} (expected data and shape)`);
    }
  }
  if (!Object.hasOwn(record, 'data')) {
    throw new InputError(name, `input "${name}": an object value needs "data"`);
  }
  return { data: record.data, shape: record.shape };
}
