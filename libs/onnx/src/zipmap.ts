import { onnx } from 'onnx-proto';
import { impliedInputWidths } from './input-widths';
import { readOnnxModel } from './read-model';
import { InvalidOnnxError, type OnnxModelInfo } from './types';

/** A graph output made by a ZipMap node, and what rebuilds it: the probabilities tensor and the class labels. */
export interface ZipMapOutput {
  /** The declared seq(map(...)) output. */
  output: string;
  /** The ZipMap's input tensor [N, classes], fetched from ONNX Runtime instead of the map output. */
  probabilities: string;
  /** classlabels_strings, or classlabels_int64s as numbers (exact up to 2^53). */
  labels: string[] | number[];
}

export interface ServingModel {
  /** The model with every ZipMap input exposed as a graph output: what to give ONNX Runtime. */
  bytes: Uint8Array;
  /** The model's own signature: outputs exposed for serving are left out. */
  info: OnnxModelInfo;
  zipMaps: ZipMapOutput[];
  /** Widths the graph implies for [N, ?] inputs (see impliedInputWidths), for warm-up and row feeding. */
  inputWidths: Record<string, number>;
}

// Marks the outputs this module adds, so that preparing prepared bytes again is a no-op and their info stays hidden.
export const EXPOSED_OUTPUT_DOC = 'ferry: ZipMap input exposed for serving';
const GRAPH_FIELD = 7;

interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
}

/**
 * Exposes the input of every ZipMap graph output as a graph output of its own (ONNX Runtime for Node returns
 * tensors only, so the maps are rebuilt from it) and says how to rebuild them; throws InvalidOnnxError for non-ONNX.
 */
export function prepareForServing(bytes: Uint8Array): ServingModel {
  const declared = readOnnxModel(bytes);
  const graph = onnx.ModelProto.decode(bytes).graph as onnx.GraphProto;
  const outputs = new Map(graph.output.map((output) => [output.name ?? '', output]));
  const zipMaps: ZipMapOutput[] = [];
  const added: onnx.IValueInfoProto[] = [];
  for (const node of graph.node) {
    const output = node.output?.[0];
    const input = node.input?.[0];
    if (node.opType !== 'ZipMap' || node.domain !== 'ai.onnx.ml' || !output || !input || !outputs.has(output)) {
      continue;
    }
    zipMaps.push({ output, probabilities: input, labels: labelsOf(node, output) });
    if (!outputs.has(input) && !added.some((value) => value.name === input)) {
      added.push({ name: input, type: typeOf(graph, input), docString: EXPOSED_OUTPUT_DOC });
    }
  }
  const info: OnnxModelInfo = {
    ...declared,
    outputs: declared.outputs.filter((output) => output.docString !== EXPOSED_OUTPUT_DOC),
  };
  const openWidth = info.inputs.filter(
    (input) =>
      input.type.kind === 'tensor' && input.type.shape?.length === 2 && typeof input.type.shape[1] !== 'number',
  );
  const inputWidths = impliedInputWidths(
    graph,
    openWidth.map((input) => input.name),
  );
  return { bytes: added.length === 0 ? bytes : appendGraphOutputs(bytes, added), info, zipMaps, inputWidths };
}

function labelsOf(node: onnx.INodeProto, output: string): string[] | number[] {
  for (const attribute of node.attribute ?? []) {
    if (attribute.name === 'classlabels_strings') {
      const decoder = new TextDecoder();
      return (attribute.strings ?? []).map((label) => decoder.decode(label));
    }
    if (attribute.name === 'classlabels_int64s') {
      return (attribute.ints ?? []).map((label) => toNumber(label));
    }
  }
  throw new InvalidOnnxError(`the ZipMap making output "${output}" has no class labels`);
}

function toNumber(value: number | LongLike): number {
  if (typeof value === 'number') {
    return value;
  }
  const high = value.unsigned ? value.high >>> 0 : value.high | 0;
  return high * 2 ** 32 + (value.low >>> 0);
}

// The declared type if the file has one; else tensor(float), the only input type ZipMap accepts.
function typeOf(graph: onnx.GraphProto, name: string): onnx.ITypeProto {
  const known = [...graph.valueInfo, ...graph.input].find((value) => value.name === name && value.type);
  return known?.type ?? { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } };
}

/**
 * Appends outputs to the graph by splicing bytes rather than re-encoding the model: the weights are not copied
 * through protobufjs, and fields newer than onnx-proto's schema (ONNX 1.10) survive untouched.
 */
function appendGraphOutputs(bytes: Uint8Array, outputs: onnx.IValueInfoProto[]): Uint8Array {
  // An encoded GraphProto holding only outputs is exactly their repeated field-12 entries, appendable to any graph.
  const patch = onnx.GraphProto.encode({ output: outputs }).finish();
  const graph = lastField(bytes, GRAPH_FIELD);
  const header = [...varint((GRAPH_FIELD << 3) | 2), ...varint(graph.end - graph.dataStart + patch.length)];
  const out = new Uint8Array(
    graph.start + header.length + (graph.end - graph.dataStart) + patch.length + (bytes.length - graph.end),
  );
  out.set(bytes.subarray(0, graph.start), 0);
  let at = graph.start;
  out.set(header, at);
  at += header.length;
  out.set(bytes.subarray(graph.dataStart, graph.end), at);
  at += graph.end - graph.dataStart;
  out.set(patch, at);
  at += patch.length;
  out.set(bytes.subarray(graph.end), at);
  return out;
}

/** Where the last length-delimited occurrence of a top-level field lies (protobuf merges repeats; the last wins for ours). */
function lastField(bytes: Uint8Array, field: number): { start: number; dataStart: number; end: number } {
  let found: { start: number; dataStart: number; end: number } | undefined;
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const [tag, afterTag] = readVarint(bytes, pos);
    pos = afterTag;
    const wire = tag % 8;
    if (wire === 0) {
      pos = readVarint(bytes, pos)[1];
    } else if (wire === 1) {
      pos += 8;
    } else if (wire === 5) {
      pos += 4;
    } else if (wire === 2) {
      const [length, dataStart] = readVarint(bytes, pos);
      pos = dataStart + length;
      if (Math.floor(tag / 8) === field) {
        found = { start, dataStart, end: pos };
      }
    } else {
      throw new InvalidOnnxError(`not an ONNX model: unexpected protobuf wire type ${wire} at byte ${start}`);
    }
  }
  if (found === undefined || pos !== bytes.length) {
    throw new InvalidOnnxError('not an ONNX model: no graph field');
  }
  return found;
}

function readVarint(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  for (let shift = 0; shift < 64; shift += 7) {
    if (pos >= bytes.length) {
      throw new InvalidOnnxError('not an ONNX model: truncated protobuf');
    }
    const byte = bytes[pos++] as number;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) {
      return [value, pos];
    }
  }
  throw new InvalidOnnxError('not an ONNX model: malformed protobuf varint');
}

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}
