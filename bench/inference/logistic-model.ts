import { onnx } from 'onnx-proto';

/**
 * A logistic regression over `features` float inputs as an ONNX graph in standard ops:
 * X[N, k] → MatMul(W) → Add(b) → Sigmoid → probability[N, 1]. Weights are fixed and seeded, so
 * every run of the benchmark serves the same model.
 */
export function logisticRegressionOnnx(features = 20): Uint8Array {
  const weights = Array.from({ length: features }, (_, i) => Math.sin(i + 1) / 2);
  const tensor = (name: string, dims: number[], values: number[]) =>
    onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: values });
  const value = (name: string, dims: Array<number | string>) =>
    onnx.ValueInfoProto.create({
      name,
      type: {
        tensorType: {
          elemType: onnx.TensorProto.DataType.FLOAT,
          shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
        },
      },
    });
  const graph = onnx.GraphProto.create({
    name: 'logistic_regression',
    node: [
      onnx.NodeProto.create({ opType: 'MatMul', input: ['X', 'W'], output: ['z0'], name: 'matmul' }),
      onnx.NodeProto.create({ opType: 'Add', input: ['z0', 'b'], output: ['z'], name: 'add' }),
      onnx.NodeProto.create({ opType: 'Sigmoid', input: ['z'], output: ['probability'], name: 'sigmoid' }),
    ],
    initializer: [tensor('W', [features, 1], weights), tensor('b', [1], [0.1])],
    input: [value('X', ['N', features])],
    output: [value('probability', ['N', 1])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'ferry-bench',
    producerVersion: '0.1.0',
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
