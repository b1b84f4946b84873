import type { ValueType } from './types';

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
