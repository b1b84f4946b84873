import type { ValueInfo, ValueType } from './types';

/** Formats a value type in ONNX's notation (onnx/common DataTypeUtils::ToType), e.g. 'seq(map(int64,tensor(float)))'. */
export function formatValueType(type: ValueType): string {
  switch (type.kind) {
    case 'tensor':
      return `tensor(${type.elementType})`;
    case 'sparse_tensor':
      return `sparse_tensor(${type.elementType})`;
    case 'sequence':
      return `seq(${formatValueType(type.element)})`;
    case 'map':
      return `map(${type.keyType},${formatValueType(type.valueType)})`;
    case 'optional':
      return `optional(${formatValueType(type.element)})`;
    case 'unknown':
      return 'unknown';
  }
}

/** A graph input or output as clients see it: name, ONNX type notation, tensor element type and shape (null for non-tensors). */
export interface TensorSpec {
  name: string;
  type: string;
  elementType: string | null;
  shape: Array<number | string | null> | null;
}

/** The client-facing description of an input or output. */
export function tensorSpecOf(value: ValueInfo): TensorSpec {
  const tensor = value.type.kind === 'tensor' || value.type.kind === 'sparse_tensor' ? value.type : undefined;
  return {
    name: value.name,
    type: value.typeString,
    elementType: tensor?.elementType ?? null,
    shape: tensor?.shape ?? null,
  };
}
