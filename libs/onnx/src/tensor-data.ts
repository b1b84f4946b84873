import { toFloat16Bits } from './float16';
import type { InputError, TensorData } from './serving-types';
import type { ElementType } from './types';

/** The element types the converters can build data for (ONNX Runtime for Node has no packed 4-bit or float8 input). */
export const SERVABLE_TYPES = [
  'float',
  'double',
  'float16',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'bool',
  'string',
] as const satisfies readonly ElementType[];
export type ServableType = (typeof SERVABLE_TYPES)[number];

/** Tells whether the converters can build data of this element type. */
export function isServableType(type: ElementType): type is ServableType {
  return (SERVABLE_TYPES as readonly string[]).includes(type);
}

// Deeper than any real tensor; bounds the walk over hostile nesting.
export const MAX_RANK = 32;

const INT_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  // JSON numbers beyond 2^53 have already lost digits, so a 64-bit integer given as a number must be safe.
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};
const BIGINT_RANGES: Record<string, [bigint, bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};
const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const FLOAT_MAX: Record<string, number> = { float: 3.4028234663852886e38, float16: 65504, double: Number.MAX_VALUE };

/** A short, safe description of a JSON value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value)}`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** What an element of this type must be, for messages ("an integer in [0, 255] (uint8)"). */
export function expectedElement(type: ServableType): string {
  if (type === 'string') {
    return 'a string';
  }
  if (type === 'bool') {
    return 'true or false';
  }
  const range = INT_RANGES[type];
  if (range) {
    return `an integer in [${range[0]}, ${range[1]}] (${type})`;
  }
  return `a finite number (${type})`;
}

/** Why `value` cannot be an element of `type`, or null when it can. */
export function elementProblem(type: ServableType, value: unknown, allowNonFinite: boolean): string | null {
  if (type === 'string') {
    return typeof value === 'string' ? null : `expected a string, got ${describe(value)}`;
  }
  if (type === 'bool') {
    return typeof value === 'boolean' ? null : `expected true or false, got ${describe(value)}`;
  }
  const range = INT_RANGES[type];
  if (range) {
    const big = BIGINT_RANGES[type];
    if (typeof value === 'bigint' && big) {
      return value >= big[0] && value <= big[1] ? null : `expected ${expectedElement(type)}, got ${describe(value)}`;
    }
    if (typeof value === 'number' && Number.isInteger(value) && value >= range[0] && value <= range[1]) {
      return null;
    }
    return `expected ${expectedElement(type)}, got ${describe(value)}`;
  }
  if (value === null) {
    // A missing feature of a float input: NaN, which models with imputation in the graph (Ferry's own) fill in.
    return null;
  }
  if (typeof value === 'number') {
    if (Number.isFinite(value) && Math.abs(value) <= (FLOAT_MAX[type] ?? Infinity)) {
      return null;
    }
    if (allowNonFinite && !Number.isFinite(value)) {
      return null;
    }
    return Number.isFinite(value)
      ? `expected ${expectedElement(type)}, got ${value}, which is out of ${type}'s range`
      : `expected ${expectedElement(type)}, got ${value} (non-finite values are refused)`;
  }
  if (allowNonFinite && typeof value === 'string' && Object.hasOwn(NON_FINITE, value)) {
    return null;
  }
  return `expected ${expectedElement(type)}, got ${describe(value)}`;
}

function numeric(value: unknown): number {
  if (value === null) {
    return NaN;
  }
  return typeof value === 'string' ? (NON_FINITE[value] as number) : Number(value);
}

/**
 * Builds ONNX Runtime's data for `values` after checking every element; `fail(i, reason)` makes the InputError,
 * so callers can name the input, the feature or the row.
 */
export function buildData(
  type: ServableType,
  values: ArrayLike<unknown>,
  allowNonFinite: boolean,
  fail: (index: number, reason: string) => InputError,
): TensorData {
  const n = values.length;
  if (type === 'float' || type === 'double') {
    const floats = finiteFloats(type, values);
    if (floats !== undefined) {
      return floats;
    }
  }
  for (let i = 0; i < n; i++) {
    const reason = elementProblem(type, values[i], allowNonFinite);
    if (reason !== null) {
      throw fail(i, reason);
    }
  }
  switch (type) {
    case 'string':
      return Array.from(values as ArrayLike<string>);
    case 'bool':
      return Uint8Array.from(values as ArrayLike<boolean>, (value) => (value ? 1 : 0));
    case 'float':
      return Float32Array.from(values, numeric);
    case 'double':
      return Float64Array.from(values, numeric);
    case 'float16':
      return Uint16Array.from(values, (value) => toFloat16Bits(numeric(value)));
    case 'int8':
      return Int8Array.from(values, numeric);
    case 'int16':
      return Int16Array.from(values, numeric);
    case 'int32':
      return Int32Array.from(values, numeric);
    case 'uint8':
      return Uint8Array.from(values, numeric);
    case 'uint16':
      return Uint16Array.from(values, numeric);
    case 'uint32':
      return Uint32Array.from(values, numeric);
    case 'int64':
      return BigInt64Array.from(values as ArrayLike<number | bigint>, (value) => BigInt(value));
    case 'uint64':
      return BigUint64Array.from(values as ArrayLike<number | bigint>, (value) => BigInt(value));
  }
}

/**
 * The client's JSON values beside data whose element type rounds them (float32, float16), so that what was sent can
 * be logged as sent; other types, and typed arrays handed in, read back exactly from their data.
 */
export function sourceOf(type: ServableType, values: ArrayLike<unknown>): { source?: ArrayLike<unknown> } {
  return (type === 'float' || type === 'float16') && Array.isArray(values) ? { source: values } : {};
}

/**
 * The common case of a float input, in one pass: every value a finite number within the type's range. Undefined as
 * soon as one is not (null, a string, out of range), and buildData takes the general path with its messages.
 */
function finiteFloats(type: 'float' | 'double', values: ArrayLike<unknown>): Float32Array | Float64Array | undefined {
  const n = values.length;
  const out = type === 'float' ? new Float32Array(n) : new Float64Array(n);
  const max = FLOAT_MAX[type] as number;
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !(value <= max && value >= -max)) {
      return undefined;
    }
    out[i] = value;
  }
  return out;
}
