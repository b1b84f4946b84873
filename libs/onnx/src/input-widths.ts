import type { onnx } from 'onnx-proto';

// ai.onnx.ml operators that read columns of their input by index, and how many columns they need.
const TREE_OPS = new Set(['TreeEnsembleClassifier', 'TreeEnsembleRegressor', 'TreeEnsemble']);
const LINEAR_OPS = new Set(['LinearClassifier', 'LinearRegressor']);
// Ops that pass a matrix through with its columns unchanged, as converters put them in front of the model.
const PASS_THROUGH = new Set(['Cast', 'Identity']);

/**
 * Column counts the graph implies for inputs whose width the signature leaves open (e.g. scikit-learn trees exported
 * as [None, None]): the highest feature index a tree ensemble reads + 1, or a linear model's coefficients per class.
 * Lets warm-up build an input the model accepts; inputs without such a consumer are left out.
 */
export function impliedInputWidths(graph: onnx.IGraphProto, openInputs: readonly string[]): Record<string, number> {
  const widths: Array<[string, number]> = [];
  const nodes = graph.node ?? [];
  for (const input of openInputs) {
    const names = new Set([input]);
    let width = 0;
    for (const node of nodes) {
      if (!node.input?.some((name) => names.has(name))) {
        continue;
      }
      if (node.domain === '' && PASS_THROUGH.has(node.opType ?? '')) {
        for (const output of node.output ?? []) {
          names.add(output);
        }
      } else if (node.domain === 'ai.onnx.ml') {
        width = Math.max(width, columnsRead(node));
      }
    }
    if (width > 0) {
      widths.push([input, width]);
    }
  }
  return Object.fromEntries(widths);
}

function columnsRead(node: onnx.INodeProto): number {
  const attribute = (name: string): onnx.IAttributeProto | undefined =>
    node.attribute?.find((candidate) => candidate.name === name);
  if (TREE_OPS.has(node.opType ?? '')) {
    const ids = attribute('nodes_featureids')?.ints ?? [];
    return ids.reduce<number>((max, id) => Math.max(max, Number(id) + 1), 0);
  }
  if (LINEAR_OPS.has(node.opType ?? '')) {
    const coefficients = attribute('coefficients')?.floats?.length ?? 0;
    const classes =
      node.opType === 'LinearRegressor'
        ? Number(attribute('targets')?.i ?? 1) || 1
        : (attribute('classlabels_ints')?.ints?.length ?? 0) ||
          (attribute('classlabels_strings')?.strings?.length ?? 0);
    // A binary classifier may store one row of coefficients for two labels.
    return classes > 0 && coefficients % classes === 0 ? coefficients / classes : coefficients;
  }
  return 0;
}
