import { onnx } from 'onnx-proto';
import type { Preparation } from '../prepare';
import type { KMeansFit } from '../trainers/kmeans';
import type { LinearFit } from '../trainers/linear';
import type { LogisticFit } from '../trainers/logistic';
import { GraphBuilder, ML_DOMAIN, tensorInfo } from './graph-builder';
import { addPreparation } from './preparation-graph';

/** Opsets of the exported models: ONNX Runtime 1.30 runs both. */
export const ONNX_OPSETS = { 'ai.onnx': 17, 'ai.onnx.ml': 3 } as const;
/** IR version of the exported models (the one that goes with opset 17). */
export const ONNX_IR_VERSION = 8;

/** The model part of an export, in the prepared space. */
export type ModelHead =
  | { kind: 'classifier'; fit: LogisticFit; classes: readonly string[] | readonly number[] }
  | { kind: 'kmeans'; fit: KMeansFit }
  | { kind: 'regression'; fit: LinearFit };

/** What exportOnnx writes. */
export interface ExportSpec {
  preparation: Preparation;
  head: ModelHead;
  /** Graph name, e.g. ferry_logistic_regression. */
  name: string;
  /** metadata_props of the model. */
  metadata: Record<string, string>;
}

/** The output names of each kind of model, in order. */
export const OUTPUT_NAMES = {
  classifier: ['label', 'probabilities'],
  kmeans: ['label', 'distances'],
  regression: ['prediction'],
} as const;

/** Writes the complete pipeline (one input per raw column, preparation, model) as an ONNX ModelProto. */
export function exportOnnx(spec: ExportSpec): Uint8Array {
  const { preparation, head } = spec;
  const inputs = preparation.features.map((feature) => {
    const info = tensorInfo(feature.name, feature.kind === 'numeric' ? 'float' : 'string', ['N', 1]);
    info.docString =
      feature.kind === 'numeric' ? 'numeric column; NaN when missing' : 'categorical column; "" when missing';
    return info;
  });
  const graph = new GraphBuilder([...preparation.features.map((feature) => feature.name), ...OUTPUT_NAMES[head.kind]]);
  const features = addPreparation(graph, preparation);
  const outputs = addHead(graph, features, preparation.width, head);
  const model: onnx.IModelProto = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [
      { domain: '', version: ONNX_OPSETS['ai.onnx'] },
      { domain: ML_DOMAIN, version: ONNX_OPSETS['ai.onnx.ml'] },
    ],
    producerName: 'ferry',
    producerVersion: '0.1.0',
    domain: 'dev.ferry',
    modelVersion: 1,
    docString: 'Trained by @ferry/ml: data preparation and model in one graph, one input per raw column.',
    graph: { name: spec.name, node: graph.nodes, initializer: graph.initializers, input: inputs, output: outputs },
    metadataProps: Object.entries(spec.metadata).map(([key, value]) => ({ key, value })),
  };
  return onnx.ModelProto.encode(model).finish();
}

function addHead(graph: GraphBuilder, features: string, width: number, head: ModelHead): onnx.IValueInfoProto[] {
  switch (head.kind) {
    case 'regression': {
      const { coefficients, intercept } = head.fit;
      const weights = graph.floats('coefficients', [width, 1], coefficients);
      graph.op('Gemm', [features, weights, graph.floats('intercept', [1], [intercept])], {}, { output: 'prediction' });
      return [tensorInfo('prediction', 'float', ['N', 1])];
    }
    case 'kmeans': {
      const { centers, k } = head.fit;
      const rows = graph.op('Unsqueeze', [features, graph.int64s('axis_1', [1], [1])], {}, { base: 'rows' });
      const diff = graph.op('Sub', [rows, graph.floats('centers', [k, width], centers)], {}, { base: 'differences' });
      const squares = graph.op('Mul', [diff, diff], {}, { base: 'squares' });
      const sums = graph.op(
        'ReduceSum',
        [squares, graph.int64s('axis_2', [1], [2])],
        { keepdims: 0 },
        { base: 'sq_dist' },
      );
      graph.op('Sqrt', [sums], {}, { output: 'distances' });
      graph.op('ArgMin', [sums], { axis: 1, keepdims: 0 }, { output: 'label' });
      return [tensorInfo('label', 'int64', ['N']), tensorInfo('distances', 'float', ['N', k])];
    }
    case 'classifier':
      return addClassifier(graph, features, width, head.fit, head.classes);
  }
}

function addClassifier(
  graph: GraphBuilder,
  features: string,
  width: number,
  fit: LogisticFit,
  classes: readonly string[] | readonly number[],
): onnx.IValueInfoProto[] {
  const k = fit.classCount;
  if (k === 2) {
    const weights = graph.floats('coefficients', [width, 1], fit.coefficients);
    const logit = graph.op(
      'Gemm',
      [features, weights, graph.floats('intercept', [1], fit.intercepts)],
      {},
      { base: 'logit' },
    );
    const positive = graph.op('Sigmoid', [logit], {}, { base: 'p_positive' });
    const negative = graph.op('Sub', [graph.floats('one', [1], [1]), positive], {}, { base: 'p_negative' });
    graph.op('Concat', [negative, positive], { axis: 1 }, { output: 'probabilities' });
  } else {
    // Gemm computes X · Wᵀ with transB, so the coefficients stay one row per class.
    const weights = graph.floats('coefficients', [k, width], fit.coefficients);
    const logits = graph.op(
      'Gemm',
      [features, weights, graph.floats('intercepts', [k], fit.intercepts)],
      { transB: 1 },
      { base: 'logits' },
    );
    graph.op('Softmax', [logits], { axis: 1 }, { output: 'probabilities' });
  }
  const index = graph.op('ArgMax', ['probabilities'], { axis: 1, keepdims: 0 }, { base: 'class_index' });
  const positions = classes.map((_, i) => i);
  if (typeof classes[0] === 'string') {
    graph.op(
      'LabelEncoder',
      [index],
      { keys_int64s: { ints: positions }, values_strings: { strings: classes as string[] }, default_string: '' },
      { output: 'label', domain: ML_DOMAIN },
    );
  } else {
    graph.op('Gather', [graph.int64s('classes', [k], classes as number[]), index], { axis: 0 }, { output: 'label' });
  }
  return [
    tensorInfo('label', typeof classes[0] === 'string' ? 'string' : 'int64', ['N']),
    tensorInfo('probabilities', 'float', ['N', k]),
  ];
}
