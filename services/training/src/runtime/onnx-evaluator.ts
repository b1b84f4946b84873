import { ErrorCode, FerryError } from '@ferry/contracts';
import { parseFerryMetadata, type Table } from '@ferry/ml';
import { OnnxModel, type OnnxModelInfo, type OutputValue, type Tensor, type ValueInfo } from '@ferry/onnx';

import type { HoldoutPredictions } from '../domain/metrics';
import type { Task } from '../domain/pipeline';
import type { ModelEvaluator } from '../domain/ports';

/** Rows per ONNX Runtime run: bounds the memory a large holdout takes. */
const CHUNK_ROWS = 20_000;

/** An output's values over every row: flat data and the width of one row. */
interface Collected {
  width: number;
  data: Array<number | string | boolean>;
  maps: Array<Record<string, number>> | null;
  type: string;
}

/**
 * Scores ONNX bytes the way they will be served: loaded in ONNX Runtime and fed the holdout rows, one input per raw
 * column (Ferry's models, or any model whose inputs are named after columns) or one matrix of the features in
 * pipeline order. Reads labels, class probabilities (tensors or ZipMaps), regression values or cluster distances
 * from its outputs, whatever a converter named them.
 */
export class OnnxEvaluator implements ModelEvaluator {
  async predict(
    onnx: Uint8Array,
    holdout: Table,
    context: { task: Task; features: string[]; classes: string[] | null },
  ): Promise<HoldoutPredictions> {
    let model: OnnxModel;
    try {
      model = await OnnxModel.load(onnx);
    } catch (error) {
      throw new FerryError(ErrorCode.INVALID_ARTIFACT, `ONNX Runtime cannot load the model: ${messageOf(error)}`, {
        cause: error,
      });
    }
    try {
      const feeds = feedBuilder(model.info, holdout, context.features);
      const collected = new Map<string, Collected>();
      for (let start = 0; start < holdout.rowCount; start += CHUNK_ROWS) {
        const end = Math.min(holdout.rowCount, start + CHUNK_ROWS);
        let outputs: Record<string, OutputValue>;
        try {
          outputs = await model.run(feeds(start, end));
        } catch (error) {
          throw new FerryError(ErrorCode.INVALID_ARTIFACT, `ONNX Runtime could not run the model: ${messageOf(error)}`);
        }
        collect(collected, outputs, end - start);
      }
      return interpret(context, model.info, collected, holdout.rowCount);
    } finally {
      await model.release().catch(() => undefined);
    }
  }
}

type FeedBuilder = (start: number, end: number) => Record<string, Tensor>;

function feedBuilder(info: OnnxModelInfo, holdout: Table, features: string[]): FeedBuilder {
  const inputs = info.inputs;
  if (inputs.length > 0 && inputs.every((input) => holdout.has(input.name))) {
    return (start, end) =>
      Object.fromEntries(inputs.map((input) => [input.name, columnTensor(input, holdout, start, end)]));
  }
  const only = inputs[0];
  if (inputs.length === 1 && only !== undefined && only.type.kind === 'tensor' && only.type.shape?.length === 2) {
    const element = only.type.elementType;
    if (element !== 'float' && element !== 'double') {
      throw unfit(info, `its matrix input "${only.name}" is ${element}, not float`);
    }
    const width = only.type.shape[1];
    if (typeof width === 'number' && width !== features.length) {
      throw unfit(
        info,
        `its matrix input "${only.name}" takes ${width} columns, the pipeline has ${features.length} features`,
      );
    }
    const columns = features.map((name) => holdout.column(name));
    for (const column of columns) {
      if (column.kind !== 'numeric') {
        throw unfit(info, `feature "${column.name}" is categorical and cannot go into the matrix input "${only.name}"`);
      }
    }
    return (start, end) => {
      const n = end - start;
      const k = columns.length;
      const data = element === 'float' ? new Float32Array(n * k) : new Float64Array(n * k);
      columns.forEach((column, j) => {
        for (let i = 0; i < n; i++) {
          data[i * k + j] = column.values[start + i] as number;
        }
      });
      return { [only.name]: { type: element, dims: [n, k], data } };
    };
  }
  throw unfit(info, 'its inputs are neither named after the dataset columns nor one matrix of the features');
}

function columnTensor(input: ValueInfo, holdout: Table, start: number, end: number): Tensor {
  if (input.type.kind !== 'tensor') {
    throw new FerryError(ErrorCode.INVALID_ARTIFACT, `input "${input.name}" is ${input.typeString}, not a tensor`);
  }
  const column = holdout.column(input.name);
  const n = end - start;
  const dims = input.type.shape?.length === 1 ? [n] : [n, 1];
  const element = input.type.elementType;
  const numbers = (): Float64Array => {
    if (column.kind === 'numeric') {
      return column.values.subarray(start, end);
    }
    return Float64Array.from(column.values.slice(start, end), (v) => (v === null ? Number.NaN : Number(v)));
  };
  switch (element) {
    case 'float':
      return { type: 'float', dims, data: Float32Array.from(numbers()) };
    case 'double':
      return { type: 'double', dims, data: Float64Array.from(numbers()) };
    case 'int64':
    case 'int32': {
      const values = numbers();
      if (values.some((v) => !Number.isInteger(v))) {
        throw new FerryError(
          ErrorCode.INVALID_ARTIFACT,
          `input "${input.name}" is ${element}, but the column has missing or fractional values`,
        );
      }
      return element === 'int64'
        ? { type: 'int64', dims, data: BigInt64Array.from(values, (v) => BigInt(v)) }
        : { type: 'int32', dims, data: Int32Array.from(values) };
    }
    case 'string':
      return {
        type: 'string',
        dims,
        data:
          column.kind === 'numeric'
            ? Array.from(column.values.subarray(start, end), (v) => (Number.isNaN(v) ? '' : String(v)))
            : column.values.slice(start, end).map((v) => v ?? ''),
      };
    case 'bool':
      return { type: 'bool', dims, data: Uint8Array.from(numbers(), (v) => (v ? 1 : 0)) };
    default:
      throw new FerryError(
        ErrorCode.INVALID_ARTIFACT,
        `input "${input.name}" is ${element}, which the gate cannot feed`,
      );
  }
}

function collect(into: Map<string, Collected>, outputs: Record<string, OutputValue>, rows: number): void {
  for (const [name, value] of Object.entries(outputs)) {
    let entry = into.get(name);
    if (value.kind === 'map_sequence') {
      entry ??= { width: 1, data: [], maps: [], type: 'map' };
      entry.maps!.push(...value.data);
    } else {
      const width = value.dims.length <= 1 ? 1 : value.dims.slice(1).reduce((a, b) => a * b, 1);
      if (value.dims[0] !== rows && !(value.dims.length === 0 && rows === 1)) {
        continue;
      }
      entry ??= { width, data: [], maps: null, type: value.type };
      for (const v of value.data) {
        entry.data.push(v);
      }
    }
    into.set(name, entry);
  }
}

function interpret(
  context: { task: Task; classes: string[] | null },
  info: OnnxModelInfo,
  outputs: Map<string, Collected>,
  rows: number,
): HoldoutPredictions {
  const pick = (names: string[], test: (c: Collected) => boolean): Collected | undefined => {
    for (const name of names) {
      const found = outputs.get(name);
      if (found !== undefined && test(found)) {
        return found;
      }
    }
    return [...outputs.values()].find(test);
  };
  const isFloat = (c: Collected): boolean => c.maps === null && (c.type === 'float' || c.type === 'double');
  const isLabel = (c: Collected): boolean =>
    c.maps === null && c.width === 1 && ['string', 'int64', 'int32', 'uint8', 'int8'].includes(c.type);
  const labelOutput = pick(['label', 'output_label'], isLabel);
  const labels = labelOutput?.data.map((v) => String(v));
  if (context.task === 'regression') {
    const values = pick(['prediction', 'variable', 'predictions', 'output'], isFloat);
    if (values === undefined) {
      return {};
    }
    return { values: Float64Array.from({ length: rows }, (_, i) => Number(values.data[i * values.width])) };
  }
  if (context.task === 'clustering') {
    const distances = pick(['distances', 'scores'], (c) => isFloat(c) && c.width > 1);
    return {
      ...(labels === undefined ? {} : { labels }),
      ...(distances === undefined
        ? {}
        : { distances: { k: distances.width, values: Float64Array.from(distances.data as number[]) } }),
    };
  }
  const declared = declaredClasses(info);
  const probabilityOutput = pick(
    ['probabilities', 'output_probability', 'probability'],
    (c) => c.maps !== null || (isFloat(c) && c.width > 1),
  );
  let probabilities: HoldoutPredictions['probabilities'];
  if (probabilityOutput?.maps !== null && probabilityOutput?.maps !== undefined) {
    const classes = declared ?? Object.keys(probabilityOutput.maps[0] ?? {});
    const values = new Float64Array(rows * classes.length);
    probabilityOutput.maps.forEach((map, i) =>
      classes.forEach((c, j) => (values[i * classes.length + j] = map[c] ?? 0)),
    );
    probabilities = { classes, values };
  } else if (probabilityOutput !== undefined) {
    const classes = declared ?? context.classes ?? [];
    if (classes.length === probabilityOutput.width) {
      probabilities = { classes, values: Float64Array.from(probabilityOutput.data as number[]) };
    }
  }
  if (labels === undefined && probabilities !== undefined) {
    const { classes, values } = probabilities;
    const k = classes.length;
    const argmax = Array.from({ length: rows }, (_, i) => {
      let best = 0;
      for (let j = 1; j < k; j++) {
        if (values[i * k + j]! > values[i * k + best]!) {
          best = j;
        }
      }
      return classes[best]!;
    });
    return { labels: argmax, probabilities };
  }
  return { ...(labels === undefined ? {} : { labels }), ...(probabilities === undefined ? {} : { probabilities }) };
}

/** The class order a Ferry classifier declares in its metadata (none for other models). */
function declaredClasses(info: OnnxModelInfo): string[] | undefined {
  try {
    return parseFerryMetadata(info.metadata)?.classes?.map(String);
  } catch {
    return undefined;
  }
}

function unfit(info: OnnxModelInfo, why: string): FerryError {
  const inputs = info.inputs.map((i) => `${i.name} ${i.typeString}`).join(', ');
  return new FerryError(
    ErrorCode.INVALID_ARTIFACT,
    `the model cannot be fed the holdout rows: ${why} (inputs: ${inputs})`,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
