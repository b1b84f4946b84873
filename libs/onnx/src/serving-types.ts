import type { ElementType } from './types';

/**
 * Tensor data as ONNX Runtime for Node's Tensor constructor takes it, per element type:
 * float → Float32Array, double → Float64Array, float16 → Uint16Array (IEEE half bits), int8/16/32 → Int8/16/32Array,
 * uint8/16/32 → Uint8/16/32Array, int64 → BigInt64Array, uint64 → BigUint64Array, bool → Uint8Array (0/1),
 * string → string[]. The converters below always build these; `run` also takes plain number[] / boolean[].
 */
export type TensorData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | string[]
  | number[]
  | boolean[];

/** An input ready for ONNX Runtime: ONNX element type name, dims, and row-major data (see TensorData). */
export interface Tensor {
  type: ElementType;
  dims: number[];
  data: TensorData;
  /**
   * For float32 and float16 data built from JSON, the values as the client sent them (same order): what a
   * prediction log records, without turning float32s back into decimals.
   */
  source?: ArrayLike<unknown>;
}

/**
 * A result as JSON can carry it. int64/uint64 become JS numbers: exact up to 2^53, rounded beyond (ids that large
 * should not come out of a model as int64); float16 is widened to number; bool to boolean.
 */
export type OutputValue =
  | { kind: 'tensor'; type: ElementType; dims: number[]; data: number[] | string[] | boolean[] }
  | { kind: 'map_sequence'; data: Array<Record<string, number>> };

/** Bounds on what one request may ask of the process; the defaults fit tabular and small-image serving. */
export interface InputLimits {
  /** Largest first dimension (batch) of any input; 10,000 by default. */
  maxRows?: number;
  /** Largest total number of elements over all inputs of a request; 10,000,000 by default. */
  maxElements?: number;
  /**
   * Accept NaN and ±Infinity in float inputs (as numbers, or as the strings "NaN", "Infinity", "-Infinity",
   * since JSON cannot spell them). Off by default: a non-finite feature is almost always a client bug.
   */
  allowNonFinite?: boolean;
}

export const DEFAULT_MAX_ROWS = 10_000;
export const DEFAULT_MAX_ELEMENTS = 10_000_000;

/** The client's input cannot be turned into the model's feeds; `input` names the input or feature at fault. */
export class InputError extends Error {
  readonly input: string;

  constructor(input: string, message: string) {
    super(message);
    this.name = 'InputError';
    this.input = input;
  }
}

/** ONNX Runtime failed to load or run the model; the message is ONNX Runtime's. */
export class InferenceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InferenceError';
  }
}
