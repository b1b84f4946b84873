/**
 * ONNX TensorProto.DataType names, lower-case as ONNX Runtime prints them; the index is the enum value minus one
 * (FLOAT = 1 … INT2 = 26, see onnx.proto).
 */
export const ELEMENT_TYPES = [
  'float',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'double',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
  'float8e4m3fn',
  'float8e4m3fnuz',
  'float8e5m2',
  'float8e5m2fnuz',
  'uint4',
  'int4',
  'float4e2m1',
  'float8e8m0',
  'uint2',
  'int2',
] as const;
export type ElementType = (typeof ELEMENT_TYPES)[number];

/** A dimension: dim_value, dim_param (symbolic, e.g. "N" or "batch_size"), or null when the file leaves it unknown. */
export type Dim = number | string | null;

/** The type of a graph input or output, as declared in the file. */
export type ValueType =
  | { kind: 'tensor'; elementType: ElementType; shape: Dim[] | null }
  | { kind: 'sparse_tensor'; elementType: ElementType; shape: Dim[] | null }
  | { kind: 'sequence'; element: ValueType }
  | { kind: 'map'; keyType: ElementType; valueType: ValueType }
  | { kind: 'optional'; element: ValueType }
  | { kind: 'unknown' };

export interface ValueInfo {
  name: string;
  type: ValueType;
  /** ONNX's notation: 'tensor(float)', 'seq(map(int64,tensor(float)))', 'optional(tensor(int64))'; 'unknown' if untyped. */
  typeString: string;
  docString: string;
}

export interface OpsetImport {
  /** The default domain is spelled 'ai.onnx' whether the file says '' or 'ai.onnx' (ONNX treats both as the same). */
  domain: string;
  version: number;
}

/** What the registry keeps of a model file: its header and its signature. */
export interface OnnxModelInfo {
  irVersion: number;
  /** In file order; duplicates are kept as written (some converters emit the default domain twice). */
  opsetImports: OpsetImport[];
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  graphName: string;
  metadata: Record<string, string>;
  /** Graph inputs that are not initializers (IR < 4 files list their weights as inputs too). */
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

/** Raised for bytes that are not a usable ONNX model; the message says why. */
export class InvalidOnnxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidOnnxError';
  }
}
