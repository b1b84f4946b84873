import { type InputSpec, inputSpec, resolveLimits } from './input-tensor';
import { type InputLimits, InputError, type Tensor } from './serving-types';
import { buildData, describe, sourceOf } from './tensor-data';
import { checkDims, formatDims } from './tensor-shape';
import type { OnnxModelInfo } from './types';

export interface RowOptions extends InputLimits {
  /**
   * The model's feature columns in signature order (the training columns, when known), for a model with one matrix
   * input [N, k]; without them the features are named `<input>[<i>]`, e.g. `X[3]`. Ignored for column-per-input models.
   */
  featureNames?: string[];
}

type Layout = { kind: 'columns'; specs: InputSpec[] } | { kind: 'matrix'; spec: InputSpec; features: string[] };

/**
 * Builds feeds from rows of named features: one input per column (each [N] or [N,1]) keyed by input name, or one
 * matrix input [N,k] whose columns are `featureNames` (else `<input>[i]`). Any problem is an InputError naming the feature.
 */
export function tensorsFromRows(rows: unknown, info: OnnxModelInfo, options: RowOptions = {}): Record<string, Tensor> {
  const limits = resolveLimits(options);
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new InputError('', `rows must be a non-empty list of objects, got ${describe(rows)}`);
  }
  if (rows.length > limits.maxRows) {
    throw new InputError('', `${rows.length} rows exceed the limit of ${limits.maxRows}`);
  }
  rows.forEach((row: unknown, r) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new InputError('', `row ${r}: expected an object of features, got ${describe(row)}`);
    }
  });
  const records = rows as Array<Record<string, unknown>>;
  const layout = layoutOf(info, options.featureNames, records[0] as Record<string, unknown>);
  const features = layout.kind === 'matrix' ? layout.features : layout.specs.map((spec) => spec.name);
  if (records.length * features.length > limits.maxElements) {
    throw new InputError(
      '',
      `${records.length} rows × ${features.length} features exceed the limit of ${limits.maxElements} values`,
    );
  }
  const known = new Set(features);
  records.forEach((row, r) => {
    for (const key of Object.keys(row)) {
      if (!known.has(key)) {
        throw new InputError(
          key,
          `row ${r}: unknown feature ${JSON.stringify(key)} (expected ${listFeatures(features)})`,
        );
      }
    }
    for (const feature of features) {
      if (!Object.hasOwn(row, feature)) {
        throw new InputError(feature, `row ${r}: missing feature ${JSON.stringify(feature)}`);
      }
    }
  });
  if (layout.kind === 'columns') {
    return Object.fromEntries(layout.specs.map((spec) => [spec.name, column(spec, records, limits)]));
  }
  const { spec } = layout;
  const width = features.length;
  const values: unknown[] = new Array(records.length * width);
  records.forEach((row, r) => features.forEach((feature, j) => (values[r * width + j] = row[feature])));
  const dims = [records.length, width];
  checkDims(spec.name, dims, spec.shape, limits.maxRows);
  const data = buildData(spec.type, values, limits.allowNonFinite, (i, reason) => {
    const feature = features[i % width] as string;
    return new InputError(feature, `row ${Math.floor(i / width)}, feature ${JSON.stringify(feature)}: ${reason}`);
  });
  return Object.fromEntries([[spec.name, { type: spec.type, dims, data, ...sourceOf(spec.type, values) }]]);
}

function column(spec: InputSpec, rows: Array<Record<string, unknown>>, limits: Required<InputLimits>): Tensor {
  const dims = spec.shape?.length === 2 ? [rows.length, 1] : [rows.length];
  checkDims(spec.name, dims, spec.shape, limits.maxRows);
  const values = rows.map((row) => row[spec.name]);
  const data = buildData(spec.type, values, limits.allowNonFinite, (r, reason) => {
    return new InputError(spec.name, `row ${r}, feature ${JSON.stringify(spec.name)}: ${reason}`);
  });
  return { type: spec.type, dims, data, ...sourceOf(spec.type, values) };
}

function layoutOf(info: OnnxModelInfo, featureNames: string[] | undefined, first: Record<string, unknown>): Layout {
  const specs = info.inputs.map(inputSpec);
  const only = specs.length === 1 ? specs[0] : undefined;
  const matrix = only !== undefined && only.shape?.length === 2 ? only : undefined;
  if (matrix && featureNames !== undefined) {
    return { kind: 'matrix', spec: matrix, features: checkedNames(matrix, featureNames) };
  }
  const columnLike = (spec: InputSpec): boolean =>
    spec.shape !== null && (spec.shape.length === 1 || (spec.shape.length === 2 && spec.shape[1] === 1));
  if (specs.length > 0 && specs.every(columnLike)) {
    return { kind: 'columns', specs };
  }
  if (matrix) {
    const declared = matrix.shape?.[1];
    // An open width is read off the first row's keys; every row is then held to the same names.
    const width = typeof declared === 'number' ? declared : Object.keys(first).length;
    return { kind: 'matrix', spec: matrix, features: Array.from({ length: width }, (_, i) => `${matrix.name}[${i}]`) };
  }
  const shapes = specs.map((spec) => `${spec.name} ${formatDims(spec.shape)}`).join(', ');
  throw new InputError(
    '',
    `this model cannot be fed from rows: its inputs (${shapes}) are neither one matrix nor one column each`,
  );
}

function checkedNames(spec: InputSpec, names: unknown): string[] {
  const width = spec.shape?.[1];
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string') || new Set(names).size !== names.length) {
    throw new InputError(spec.name, 'featureNames must be distinct strings');
  }
  if (typeof width === 'number' && names.length !== width) {
    throw new InputError(
      spec.name,
      `${names.length} feature names for input "${spec.name}", which takes ${width} columns`,
    );
  }
  return names as string[];
}

function listFeatures(features: string[]): string {
  const shown = features.slice(0, 20).map((feature) => JSON.stringify(feature));
  return features.length > 20 ? `${shown.join(', ')} … (${features.length} in all)` : shown.join(', ');
}
