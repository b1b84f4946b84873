import type { CategoricalFeature, NumericFeature, Preparation } from '../prepare';
import { type GraphBuilder, ML_DOMAIN } from './graph-builder';

/**
 * Adds the preparation to the graph and returns the name of the prepared [N, width] float tensor. Numeric inputs
 * are concatenated, imputed (IsNaN → Where with the training means), centred and scaled (Sub, Div); each
 * categorical input goes through a LabelEncoder (kept category → its position, "" → the most frequent category's
 * position, anything else → "other") and a OneHot of depth categories + 1; the blocks are concatenated in the
 * layout of `prepare`.
 */
export function addPreparation(graph: GraphBuilder, preparation: Preparation): string {
  const numeric = preparation.features.filter((feature): feature is NumericFeature => feature.kind === 'numeric');
  const categorical = preparation.features.filter(
    (feature): feature is CategoricalFeature => feature.kind === 'categorical',
  );
  const blocks: string[] = [];
  if (numeric.length > 0) {
    blocks.push(addNumeric(graph, numeric));
  }
  if (categorical.length > 0) {
    const onValues = graph.floats('onehot_values', [2], [0, 1]);
    const secondAxis = graph.int64s('axis_1', [1], [1]);
    for (const feature of categorical) {
      blocks.push(addCategorical(graph, feature, onValues, secondAxis));
    }
  }
  return blocks.length === 1 ? blocks[0]! : graph.op('Concat', blocks, { axis: 1 }, { base: 'features' });
}

function addNumeric(graph: GraphBuilder, features: NumericFeature[]): string {
  const m = features.length;
  const means = features.map((feature) => feature.mean);
  const raw =
    m === 1
      ? features[0]!.name
      : graph.op(
          'Concat',
          features.map((feature) => feature.name),
          { axis: 1 },
          { base: 'numeric' },
        );
  const missing = graph.op('IsNaN', [raw], {}, { base: 'numeric_missing' });
  const imputed = graph.op(
    'Where',
    [missing, graph.floats('imputer_values', [m], means), raw],
    {},
    { base: 'numeric_imputed' },
  );
  const centred = graph.op('Sub', [imputed, graph.floats('scaler_mean', [m], means)], {}, { base: 'numeric_centred' });
  const stds = graph.floats(
    'scaler_std',
    [m],
    features.map((feature) => feature.std),
  );
  return graph.op('Div', [centred, stds], {}, { base: 'numeric_scaled' });
}

function addCategorical(
  graph: GraphBuilder,
  feature: CategoricalFeature,
  onValues: string,
  secondAxis: string,
): string {
  const other = feature.categories.length;
  const keys = [...feature.categories];
  const positions = keys.map((_, i) => i);
  // A missing value arrives as "" and takes the most frequent category's column (its imputed value).
  const mostFrequent = feature.mostFrequent === null ? -1 : feature.categories.indexOf(feature.mostFrequent);
  keys.push('');
  positions.push(mostFrequent >= 0 ? mostFrequent : other);
  const index = graph.op(
    'LabelEncoder',
    [feature.name],
    { keys_strings: { strings: keys }, values_int64s: { ints: positions }, default_int64: other },
    { domain: ML_DOMAIN, base: `${feature.name}_index` },
  );
  const depth = graph.int64s(`${feature.name}_depth`, [1], [other + 1]);
  const oneHot = graph.op('OneHot', [index, depth, onValues], { axis: -1 }, { base: `${feature.name}_onehot3d` });
  return graph.op('Squeeze', [oneHot, secondAxis], {}, { base: `${feature.name}_onehot` });
}
