import { onnx } from 'onnx-proto';
import { formatValueType } from './type-string';
import {
  type Dim,
  ELEMENT_TYPES,
  type ElementType,
  InvalidOnnxError,
  type OnnxModelInfo,
  type ValueInfo,
  type ValueType,
} from './types';

/** protobufjs hands int64 fields back as long.js objects when that package is installed, else as numbers. */
interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
}
type Int64 = number | LongLike | null | undefined;

// Real types nest a few levels (seq(map(int64,tensor))); garbage that decodes as deeper nesting is not a model.
const MAX_TYPE_DEPTH = 32;

/** Reads an ONNX file's header and signature from its protobuf; throws InvalidOnnxError for anything that is not ONNX. */
export function readOnnxModel(bytes: Uint8Array): OnnxModelInfo {
  if (bytes.length === 0) {
    throw new InvalidOnnxError('not an ONNX model: the file is empty');
  }
  const model = decode(bytes);
  const irVersion = int64(model.irVersion, 'ir_version');
  if (irVersion <= 0) {
    throw new InvalidOnnxError('not an ONNX model: no ir_version');
  }
  const graph = model.graph;
  // decode() builds class instances; narrowing to the class gives its non-optional fields (defaults on the prototype).
  if (!(graph instanceof onnx.GraphProto)) {
    throw new InvalidOnnxError('not an ONNX model: it has no graph');
  }
  // The ONNX checker requires opset imports from IR 3 on; their absence is a strong sign of bytes that merely decode.
  if (irVersion >= 3 && model.opsetImport.length === 0) {
    throw new InvalidOnnxError(`not an ONNX model: IR version ${irVersion} but no opset_import`);
  }
  if (graph.output.length === 0) {
    throw new InvalidOnnxError('the graph has no outputs');
  }
  const initializers = new Set<string>(graph.initializer.map((tensor) => tensor.name ?? ''));
  for (const sparse of graph.sparseInitializer) {
    if (sparse.values) {
      initializers.add(sparse.values.name ?? '');
    }
  }
  return {
    irVersion,
    opsetImports: model.opsetImport.map((opset) => ({
      domain: opset.domain ? opset.domain : 'ai.onnx',
      version: int64(opset.version, 'opset_import.version'),
    })),
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    domain: model.domain,
    modelVersion: int64(model.modelVersion, 'model_version'),
    docString: model.docString,
    graphName: graph.name,
    // fromEntries defines own properties, so a "__proto__" key stays a plain entry.
    metadata: Object.fromEntries(model.metadataProps.map((entry) => [entry.key ?? '', entry.value ?? ''])),
    inputs: graph.input
      .filter((input) => !initializers.has(input.name ?? ''))
      .map((input) => valueInfo(input, 'input')),
    outputs: graph.output.map((output) => valueInfo(output, 'output')),
  };
}

function decode(bytes: Uint8Array): onnx.ModelProto {
  try {
    // The generated decoder reads until the end of the buffer and throws on any read past it, so the whole buffer
    // is consumed and a truncated file fails here.
    return onnx.ModelProto.decode(bytes);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InvalidOnnxError(`not an ONNX model: not valid protobuf, or a truncated file (${detail})`, {
      cause: error,
    });
  }
}

function int64(value: Int64, field: string): number {
  if (value === null || value === undefined) {
    return 0;
  }
  let n: number;
  if (typeof value === 'number') {
    n = value;
  } else {
    const high = value.unsigned ? value.high >>> 0 : value.high | 0;
    n = high * 2 ** 32 + (value.low >>> 0);
  }
  if (!Number.isSafeInteger(n)) {
    throw new InvalidOnnxError(`not an ONNX model: ${field} ${n} is out of range`);
  }
  return n;
}

function valueInfo(info: onnx.IValueInfoProto, role: 'input' | 'output'): ValueInfo {
  const name = info.name ?? '';
  if (name === '') {
    throw new InvalidOnnxError(`not an ONNX model: a graph ${role} has no name`);
  }
  const where = `${role} "${name}"`;
  const type = valueType(info.type, where, 0);
  return { name, type, typeString: formatValueType(type), docString: info.docString ?? '' };
}

function valueType(type: onnx.ITypeProto | null | undefined, where: string, depth: number): ValueType {
  if (depth > MAX_TYPE_DEPTH) {
    throw new InvalidOnnxError(`not an ONNX model: the type of ${where} nests too deeply`);
  }
  // `value` is protobufjs's oneof getter: the name of the member the file set, if any.
  switch (type instanceof onnx.TypeProto ? type.value : undefined) {
    case 'tensorType': {
      const tensor = type?.tensorType;
      return { kind: 'tensor', elementType: elementType(tensor?.elemType, where), shape: shape(tensor?.shape, where) };
    }
    case 'sparseTensorType': {
      const sparse = type?.sparseTensorType;
      return {
        kind: 'sparse_tensor',
        elementType: elementType(sparse?.elemType, where),
        shape: shape(sparse?.shape, where),
      };
    }
    case 'sequenceType':
      return { kind: 'sequence', element: valueType(type?.sequenceType?.elemType, where, depth + 1) };
    case 'mapType':
      return {
        kind: 'map',
        keyType: elementType(type?.mapType?.keyType, where),
        valueType: valueType(type?.mapType?.valueType, where, depth + 1),
      };
    case 'optionalType':
      return { kind: 'optional', element: valueType(type?.optionalType?.elemType, where, depth + 1) };
    default:
      return { kind: 'unknown' };
  }
}

function elementType(id: number | null | undefined, where: string): ElementType {
  const name = typeof id === 'number' ? ELEMENT_TYPES[id - 1] : undefined;
  if (name === undefined) {
    throw new InvalidOnnxError(`not an ONNX model: ${where} has element type ${id ?? 0}, which is no ONNX data type`);
  }
  return name;
}

function shape(proto: onnx.ITensorShapeProto | null | undefined, where: string): Dim[] | null {
  if (!proto) {
    return null;
  }
  return (proto.dim ?? []).map((dim) => {
    const member = dim instanceof onnx.TensorShapeProto.Dimension ? dim.value : undefined;
    if (member === 'dimValue') {
      return int64(dim.dimValue, `a dimension of ${where}`);
    }
    if (member === 'dimParam') {
      return dim.dimParam ?? '';
    }
    return null;
  });
}
