import { DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_ROWS, type InputLimits, InputError, type Tensor } from './serving-types';
import { buildData, isServableType, sourceOf, type ServableType } from './tensor-data';
import { checkDims, flattenNested, parseShape, resolveDims } from './tensor-shape';
import type { Dim, ValueInfo } from './types';

/** A graph input the converters can feed: a tensor of a servable element type. */
export interface InputSpec {
  name: string;
  type: ServableType;
  shape: Dim[] | null;
  typeString: string;
}

/** Limits with their defaults filled in; checks the caller's numbers (a bad limit is a programming error). */
export function resolveLimits(limits: InputLimits = {}): Required<InputLimits> {
  const maxRows = limits.maxRows ?? DEFAULT_MAX_ROWS;
  const maxElements = limits.maxElements ?? DEFAULT_MAX_ELEMENTS;
  if (!Number.isSafeInteger(maxRows) || maxRows < 1 || !Number.isSafeInteger(maxElements) || maxElements < 1) {
    throw new RangeError('maxRows and maxElements must be positive integers');
  }
  return { maxRows, maxElements, allowNonFinite: limits.allowNonFinite ?? false };
}

/** The feedable view of a graph input; InputError for inputs serving cannot build (maps, sequences, 4-bit …). */
export function inputSpec(input: ValueInfo): InputSpec {
  const type = input.type;
  if (type.kind !== 'tensor' || !isServableType(type.elementType)) {
    throw new InputError(input.name, `input "${input.name}" is ${input.typeString}, which serving cannot feed`);
  }
  return { name: input.name, type: type.elementType, shape: type.shape, typeString: input.typeString };
}

/** Graph inputs by name, in a Map so that names like "__proto__" or "constructor" are plain keys. */
export function inputsByName(inputs: readonly ValueInfo[]): Map<string, ValueInfo> {
  return new Map(inputs.map((input) => [input.name, input]));
}

/** Names of the inputs for messages: "X", "Y". */
export function listNames(inputs: readonly ValueInfo[]): string {
  return inputs.map((input) => JSON.stringify(input.name)).join(', ');
}

/** Row-major position of flat index `i` in `dims`, e.g. [1,2]. */
export function position(i: number, dims: readonly number[]): string {
  const at: number[] = [];
  let rest = i;
  for (let d = dims.length - 1; d >= 0; d--) {
    const size = dims[d] as number;
    at.unshift(size > 0 ? rest % size : 0);
    rest = size > 0 ? Math.floor(rest / size) : 0;
  }
  return `[${at.join(',')}]`;
}

/**
 * Builds one input tensor from JSON data (nested or flat) and an optional client shape, checked against the
 * signature; `budget` is what is left of the request's element limit.
 */
export function buildTensor(
  spec: InputSpec,
  data: unknown,
  shape: unknown,
  limits: Required<InputLimits>,
  budget: number,
): Tensor {
  const name = spec.name;
  const flattened = flattenNested(name, data, Math.min(limits.maxElements, budget));
  const given = shape === undefined ? undefined : parseShape(name, shape);
  const dims = resolveDims(name, flattened, given, spec.shape);
  checkDims(name, dims, spec.shape, limits.maxRows);
  const values = buildData(
    spec.type,
    flattened.flat,
    limits.allowNonFinite,
    (i, reason) => new InputError(name, `input "${name}": value at ${position(i, dims)}: ${reason}`),
  );
  return { type: spec.type, dims, data: values, ...sourceOf(spec.type, flattened.flat) };
}
