import { onnx } from 'onnx-proto';
import { ELEMENT_TYPES, type Dim, type ElementType } from '../src';

export interface TinyValue {
  name: string;
  type: ElementType;
  dims: Dim[];
}

function valueInfo(value: TinyValue): onnx.IValueInfoProto {
  return {
    name: value.name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPES.indexOf(value.type) + 1,
        shape: {
          dim: value.dims.map((dim) =>
            typeof dim === 'number' ? { dimValue: dim } : dim === null ? {} : { dimParam: dim },
          ),
        },
      },
    },
  };
}

function model(graph: onnx.IGraphProto, opsets: Array<[string, number]> = [['', 13]]): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'ferry-test',
    opsetImport: opsets.map(([domain, version]) => ({ domain, version })),
    graph,
  }).finish();
}

/** A model passing each input through Identity to an output named `<input>_out`: round-trips every element type. */
export function identityModel(inputs: TinyValue[]): Uint8Array {
  return model({
    name: 'identity',
    node: inputs.map((input) => ({ opType: 'Identity', input: [input.name], output: [`${input.name}_out`] })),
    input: inputs.map(valueInfo),
    output: inputs.map((input) => valueInfo({ ...input, name: `${input.name}_out` })),
  });
}

/** Softmax over x [N, labels] → ZipMap with int64 (or string) labels: the ZipMap is the only output. */
export function softmaxZipMapModel(labels: number[] | string[]): Uint8Array {
  const attribute: onnx.IAttributeProto =
    typeof labels[0] === 'string'
      ? {
          name: 'classlabels_strings',
          type: onnx.AttributeProto.AttributeType.STRINGS,
          strings: (labels as string[]).map((label) => new TextEncoder().encode(label)),
        }
      : { name: 'classlabels_int64s', type: onnx.AttributeProto.AttributeType.INTS, ints: labels as number[] };
  return model(
    {
      name: 'softmax_zipmap',
      node: [
        { opType: 'Softmax', input: ['x'], output: ['probs'], attribute: [{ name: 'axis', type: 2, i: 1 }] },
        { opType: 'ZipMap', domain: 'ai.onnx.ml', input: ['probs'], output: ['classes'], attribute: [attribute] },
      ],
      input: [valueInfo({ name: 'x', type: 'float', dims: ['N', labels.length] })],
      output: [
        {
          name: 'classes',
          type: {
            sequenceType: {
              elemType: {
                mapType: {
                  keyType: typeof labels[0] === 'string' ? 8 : 7,
                  valueType: { tensorType: { elemType: 1 } },
                },
              },
            },
          },
        },
      ],
    },
    [
      ['', 13],
      ['ai.onnx.ml', 1],
    ],
  );
}
