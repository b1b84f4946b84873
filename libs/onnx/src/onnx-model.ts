import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { fromFloat16Bits, toFloat16Bits } from './float16';
import { inputSpec } from './input-tensor';
import { InferenceError, InputError, type OutputValue, type Tensor } from './serving-types';
import type { ServableType } from './tensor-data';
import type { ElementType, OnnxModelInfo } from './types';
import { prepareForServing, type ServingModel, type ZipMapOutput } from './zipmap';

export interface ModelLoadOptions {
  /** Threads of the session's intra-op pool; 1 by default, since a service holds many models in one process. */
  intraOpNumThreads?: number;
  /** Threads running independent graph branches in parallel; 1 by default. */
  interOpNumThreads?: number;
}

export interface RunOptions {
  /** Declared outputs to compute; all outputs ONNX Runtime can return by default. Unknown names are an InputError. */
  outputs?: string[];
}

const ORT_TYPE: Record<ServableType, OrtTensor.Type> = {
  float: 'float32',
  double: 'float64',
  float16: 'float16',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  uint8: 'uint8',
  uint16: 'uint16',
  uint32: 'uint32',
  uint64: 'uint64',
  bool: 'bool',
  string: 'string',
};
const ONNX_TYPE = new Map<string, ElementType>(
  Object.entries(ORT_TYPE).map(([onnx, ort]) => [ort, onnx as ElementType]),
);

/** An ONNX Runtime session serving one model: JSON-ready outputs, ZipMaps rebuilt, failures as InferenceError. */
export class OnnxModel {
  readonly info: OnnxModelInfo;
  readonly zipMaps: readonly ZipMapOutput[];
  /** Widths the graph implies for [N, ?] inputs (see impliedInputWidths). */
  readonly inputWidths: Readonly<Record<string, number>>;
  private session: InferenceSession | null;
  private readonly TensorClass: typeof OrtTensor;
  /** Declared outputs ONNX Runtime can hand back (tensors, and ZipMaps through their inputs). */
  private readonly servable: Set<string>;
  /** Runs in flight: release waits for them, since freeing a session under a running graph is undefined behaviour. */
  private readonly pending = new Set<Promise<unknown>>();

  private constructor(session: InferenceSession, tensorClass: typeof OrtTensor, prepared: ServingModel) {
    this.session = session;
    this.TensorClass = tensorClass;
    this.info = prepared.info;
    this.zipMaps = prepared.zipMaps;
    this.inputWidths = prepared.inputWidths;
    const { info, zipMaps } = prepared;
    const tensors = new Set(session.outputMetadata.filter((meta) => meta.isTensor).map((meta) => meta.name));
    const mapped = new Set(zipMaps.map((zipMap) => zipMap.output));
    this.servable = new Set(
      info.outputs.map((output) => output.name).filter((name) => tensors.has(name) || mapped.has(name)),
    );
  }

  /** Creates a session for the model (original or prepared bytes); InvalidOnnxError for non-ONNX, InferenceError if ONNX Runtime refuses it. */
  static async load(bytes: Uint8Array, options: ModelLoadOptions = {}): Promise<OnnxModel> {
    const prepared = prepareForServing(bytes);
    // Loaded on first use, like runtime-check: the native runtime costs memory a process that never serves should not carry.
    const ort = await import('onnxruntime-node');
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(prepared.bytes, {
        intraOpNumThreads: options.intraOpNumThreads ?? 1,
        interOpNumThreads: options.interOpNumThreads ?? 1,
        // Errors come back as rejections; ONNX Runtime's warnings about old opsets would only clutter stderr.
        logSeverityLevel: 3,
      });
    } catch (error) {
      throw new InferenceError(`ONNX Runtime could not load the model: ${messageOf(error)}`, { cause: error });
    }
    return new OnnxModel(session, ort.Tensor, prepared);
  }

  /** Runs the model; outputs in declared order, ZipMaps as one label → probability object per row. */
  async run(feeds: Record<string, Tensor>, options: RunOptions = {}): Promise<Record<string, OutputValue>> {
    const session = this.session;
    if (session === null) {
      throw new InferenceError('the model has been released');
    }
    const wanted = this.wanted(options.outputs);
    const zipMaps = new Map(this.zipMaps.filter((zipMap) => wanted.has(zipMap.output)).map((z) => [z.output, z]));
    const fetches = new Set<string>();
    for (const name of wanted) {
      fetches.add(zipMaps.get(name)?.probabilities ?? name);
    }
    if (fetches.size === 0) {
      return {};
    }
    let results: InferenceSession.ReturnType;
    const ortFeeds = this.ortFeeds(feeds);
    // ONNX Runtime's own error log would repeat what the rejection already carries.
    const running = session.run(ortFeeds, [...fetches], { logSeverityLevel: 4 });
    this.pending.add(running);
    try {
      results = await running;
    } catch (error) {
      throw new InferenceError(messageOf(error), { cause: error });
    } finally {
      this.pending.delete(running);
    }
    const outputs: Array<[string, OutputValue]> = [];
    for (const output of this.info.outputs) {
      if (!wanted.has(output.name)) {
        continue;
      }
      const zipMap = zipMaps.get(output.name);
      const tensor = results[zipMap?.probabilities ?? output.name];
      if (tensor === undefined) {
        throw new InferenceError(`ONNX Runtime returned no value for output "${output.name}"`);
      }
      outputs.push([output.name, zipMap ? rebuildZipMap(zipMap, tensor) : tensorOutput(tensor)]);
    }
    return Object.fromEntries(outputs);
  }

  /** Runs the model once on an input built from its signature (open dims = rows, numbers 0, strings ''), to pay first-run costs. */
  async warmUp(rows = 1): Promise<void> {
    if (!Number.isSafeInteger(rows) || rows < 1) {
      throw new RangeError(`warmUp rows must be a positive integer, got ${rows}`);
    }
    const feeds: Array<[string, Tensor]> = this.info.inputs.map((input) => {
      let spec;
      try {
        spec = inputSpec(input);
      } catch (error) {
        throw new InferenceError(messageOf(error), { cause: error });
      }
      // An open width is taken from the graph where it says (tree ensembles read fixed columns), else `rows`.
      const width = this.inputWidths[spec.name];
      const dims =
        spec.shape === null
          ? [rows]
          : spec.shape.map((dim, i) => (typeof dim === 'number' ? dim : i === 1 && width !== undefined ? width : rows));
      const size = dims.reduce((product, dim) => product * dim, 1);
      const data = spec.type === 'string' ? new Array<string>(size).fill('') : new Array<number>(size).fill(0);
      return [spec.name, { type: spec.type, dims, data }];
    });
    await this.run(Object.fromEntries(feeds));
  }

  /** Frees the native session once runs in flight have settled; later runs throw InferenceError. */
  async release(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session === null) {
      return;
    }
    await Promise.allSettled([...this.pending]);
    try {
      await session.release();
    } catch (error) {
      throw new InferenceError(`ONNX Runtime could not release the session: ${messageOf(error)}`, { cause: error });
    }
  }

  private wanted(requested: string[] | undefined): Set<string> {
    if (requested === undefined) {
      return this.servable;
    }
    const declared = new Map(this.info.outputs.map((output) => [output.name, output]));
    for (const name of requested) {
      const output = declared.get(name);
      if (output === undefined) {
        throw new InputError(name, `unknown output ${JSON.stringify(name)}`);
      }
      if (!this.servable.has(name)) {
        throw new InputError(
          name,
          `output "${name}" is ${output.typeString}, which ONNX Runtime for Node cannot return`,
        );
      }
    }
    return new Set(requested);
  }

  private ortFeeds(feeds: Record<string, Tensor>): Record<string, OrtTensor> {
    try {
      return Object.fromEntries(Object.entries(feeds).map(([name, tensor]) => [name, this.ortTensor(tensor)]));
    } catch (error) {
      throw new InferenceError(`invalid feeds: ${messageOf(error)}`, { cause: error });
    }
  }

  private ortTensor(tensor: Tensor): OrtTensor {
    const type = ORT_TYPE[tensor.type as ServableType];
    if (type === undefined) {
      throw new Error(`element type ${tensor.type} cannot be fed`);
    }
    let data = tensor.data;
    // Plain arrays from callers: ONNX Runtime wants half bits for float16 and bigints for 64-bit integers.
    if (Array.isArray(data) && type !== 'string') {
      const values = data as Array<number | boolean>;
      if (type === 'float16') {
        data = Uint16Array.from(values, (value) => toFloat16Bits(Number(value)));
      } else if (type === 'int64') {
        data = BigInt64Array.from(values, (value) => BigInt(value));
      } else if (type === 'uint64') {
        data = BigUint64Array.from(values, (value) => BigInt(value));
      } else if (type === 'bool') {
        data = Uint8Array.from(values, (value) => (value ? 1 : 0));
      }
    }
    return new this.TensorClass(type, data as OrtTensor.DataType, tensor.dims);
  }
}

function tensorOutput(tensor: OrtTensor): OutputValue {
  const type = ONNX_TYPE.get(tensor.type);
  if (type === undefined) {
    throw new InferenceError(`ONNX Runtime returned a ${tensor.type} tensor, which serving cannot convert`);
  }
  const dims = [...tensor.dims];
  const raw = tensor.data;
  if (type === 'string') {
    return { kind: 'tensor', type, dims, data: [...(raw as string[])] };
  }
  if (type === 'bool') {
    return { kind: 'tensor', type, dims, data: Array.from(raw as Uint8Array, (value) => value !== 0) };
  }
  if (type === 'float16' && raw instanceof Uint16Array) {
    return { kind: 'tensor', type, dims, data: Array.from(raw, fromFloat16Bits) };
  }
  // int64/uint64 become numbers: exact to 2^53 (documented on OutputValue).
  return { kind: 'tensor', type, dims, data: Array.from(raw as ArrayLike<number | bigint>, Number) };
}

function rebuildZipMap(zipMap: ZipMapOutput, tensor: OrtTensor): OutputValue {
  const classes = zipMap.labels.length;
  const width = tensor.dims.length === 0 ? 1 : (tensor.dims[tensor.dims.length - 1] as number);
  const raw = tensor.data as ArrayLike<number>;
  if (tensor.dims.length > 2 || width !== classes || raw.length % Math.max(classes, 1) !== 0) {
    throw new InferenceError(
      `ZipMap output "${zipMap.output}": ${classes} labels but its input has shape [${tensor.dims.join(',')}]`,
    );
  }
  const keys = zipMap.labels.map(String);
  const rows: Array<Record<string, number>> = [];
  for (let start = 0; start < raw.length; start += classes) {
    // fromEntries defines own properties: a label "__proto__" stays a key.
    rows.push(Object.fromEntries(keys.map((key, j) => [key, Number(raw[start + j])])));
  }
  return { kind: 'map_sequence', data: rows };
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() === '' ? 'ONNX Runtime failed (no reason given)' : message;
}
