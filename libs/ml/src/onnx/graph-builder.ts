import { onnx } from 'onnx-proto';

const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

/** The ai.onnx.ml operator domain. */
export const ML_DOMAIN = 'ai.onnx.ml';

/** An attribute value: a number is an INT, a string a STRING; the other kinds are named. */
export type AttributeValue =
  | number
  | string
  | { float: number }
  | { floats: readonly number[] }
  | { ints: readonly number[] }
  | { strings: readonly string[] };

const encoder = new TextEncoder();

/**
 * Collects the nodes and initializers of an ONNX graph with unique intermediate names. Names are taken from a
 * base plus a counter, avoiding the graph's input and output names given as reserved.
 */
export class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private readonly taken: Set<string>;

  constructor(reserved: Iterable<string>) {
    this.taken = new Set(reserved);
  }

  /** A fresh value name starting with `base`. */
  name(base: string): string {
    let candidate = base;
    for (let i = 1; this.taken.has(candidate); i++) {
      candidate = `${base}_${i}`;
    }
    this.taken.add(candidate);
    return candidate;
  }

  /**
   * Adds a node with one output and returns the output's name: `options.output` exactly when given (a graph
   * output, reserved up front), else a fresh name from `options.base` or the operator.
   */
  op(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    options: { output?: string; base?: string; domain?: string } = {},
  ): string {
    const output = options.output ?? this.name(options.base ?? opType.toLowerCase());
    this.nodes.push({
      opType,
      domain: options.domain ?? '',
      name: this.name(`node_${options.base ?? opType.toLowerCase()}`),
      input: inputs,
      output: [output],
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    });
    return output;
  }

  /** A float32 initializer. */
  floats(base: string, dims: number[], values: ArrayLike<number>): string {
    const data = Float32Array.from(values);
    return this.initializer(base, dims, DataType.FLOAT, {
      rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    });
  }

  /** An int64 initializer. */
  int64s(base: string, dims: number[], values: readonly number[]): string {
    return this.initializer(base, dims, DataType.INT64, { int64Data: [...values] });
  }

  private initializer(base: string, dims: number[], dataType: number, data: Partial<onnx.ITensorProto>): string {
    const name = this.name(base);
    this.initializers.push({ name, dims, dataType, ...data });
    return name;
  }
}

function attribute(name: string, value: AttributeValue): onnx.IAttributeProto {
  if (typeof value === 'string') {
    return { name, type: AttributeType.STRING, s: encoder.encode(value) };
  }
  if (typeof value === 'number') {
    return { name, type: AttributeType.INT, i: value };
  }
  if ('float' in value) {
    return { name, type: AttributeType.FLOAT, f: value.float };
  }
  if ('floats' in value) {
    return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
  }
  if ('ints' in value) {
    return { name, type: AttributeType.INTS, ints: [...value.ints] };
  }
  return { name, type: AttributeType.STRINGS, strings: value.strings.map((item) => encoder.encode(item)) };
}

/** A tensor value description with a symbolic or fixed shape. */
export function tensorInfo(
  name: string,
  elemType: 'float' | 'int64' | 'string',
  dims: Array<number | string>,
): onnx.IValueInfoProto {
  const types = { float: DataType.FLOAT, int64: DataType.INT64, string: DataType.STRING } as const;
  return {
    name,
    type: {
      tensorType: {
        elemType: types[elemType],
        shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  };
}
