import { Random } from '@ferry/ml';
import { onnx } from 'onnx-proto';

const FLOAT = onnx.TensorProto.DataType.FLOAT;

const tensor = (name: string, dims: number[], values: ArrayLike<number>) =>
  onnx.TensorProto.create({ name, dims, dataType: FLOAT, floatData: Array.from(values) });

const value = (name: string, dims: Array<number | string>) =>
  onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });

function model(name: string, graph: Omit<onnx.IGraphProto, 'name'>): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      producerName: 'ferry-bench',
      producerVersion: '0.1.0',
      graph: onnx.GraphProto.create({ name, ...graph }),
    }),
  ).finish();
}

/**
 * A logistic regression over `features` float inputs as an ONNX graph in standard ops:
 * X[N, k] → MatMul(W) → Add(b) → Sigmoid → probability[N, 1]. Weights are fixed, so every run serves the same model.
 */
export function logisticRegressionOnnx(features = 20): Uint8Array {
  const weights = Array.from({ length: features }, (_, i) => Math.sin(i + 1) / 2);
  return model('logistic_regression', {
    node: [
      onnx.NodeProto.create({ opType: 'MatMul', input: ['X', 'W'], output: ['z0'], name: 'matmul' }),
      onnx.NodeProto.create({ opType: 'Add', input: ['z0', 'b'], output: ['z'], name: 'add' }),
      onnx.NodeProto.create({ opType: 'Sigmoid', input: ['z'], output: ['probability'], name: 'sigmoid' }),
    ],
    initializer: [tensor('W', [features, 1], weights), tensor('b', [1], [0.1])],
    input: [value('X', ['N', features])],
    output: [value('probability', ['N', 1])],
  });
}

/**
 * The compute-heavy MLP of the issue: X[N, 64] → 1024 → 1024 → 1024 (ReLU each) → 1 → Sigmoid → probability[N, 1],
 * He-initialised from a seeded generator (~2.2 M weights): batching pays off here, as ONNX Runtime's GEMMs do.
 */
export function mlpOnnx(widths: number[] = [64, 1024, 1024, 1024, 1]): Uint8Array {
  const random = new Random(7);
  const node: onnx.INodeProto[] = [];
  const initializer: onnx.ITensorProto[] = [];
  let input = 'X';
  for (let layer = 0; layer + 1 < widths.length; layer++) {
    const [fanIn, fanOut] = [widths[layer] as number, widths[layer + 1] as number];
    const scale = Math.sqrt(2 / fanIn);
    const w = Float32Array.from({ length: fanIn * fanOut }, () => random.normal() * scale);
    initializer.push(tensor(`W${layer}`, [fanIn, fanOut], w), tensor(`b${layer}`, [fanOut], new Float32Array(fanOut)));
    const last = layer + 2 === widths.length;
    node.push(
      onnx.NodeProto.create({ opType: 'MatMul', input: [input, `W${layer}`], output: [`m${layer}`] }),
      onnx.NodeProto.create({ opType: 'Add', input: [`m${layer}`, `b${layer}`], output: [`a${layer}`] }),
      onnx.NodeProto.create({
        opType: last ? 'Sigmoid' : 'Relu',
        input: [`a${layer}`],
        output: [last ? 'probability' : `h${layer}`],
      }),
    );
    input = `h${layer}`;
  }
  return model('mlp', {
    node,
    initializer,
    input: [value('X', ['N', widths[0] as number])],
    output: [value('probability', ['N', widths[widths.length - 1] as number])],
  });
}
