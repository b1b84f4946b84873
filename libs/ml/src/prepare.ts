import { TrainerParamError } from './errors';
import type { CategoricalColumn, NumericColumn, Table } from './table';

// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and these run per cell.
const isMissing = Number.isNaN;

/** How many categories of a categorical column get their own one-hot column by default. */
export const DEFAULT_TOP_K = 20;

/** Options of the data preparation. */
export interface PreparationOptions {
  /** Categories kept per categorical column (the most frequent in training); the rest share "other". 20 by default. */
  topK?: number;
}

/** A numeric feature: missing → `mean`, then (x − mean) / std. */
export interface NumericFeature {
  name: string;
  kind: 'numeric';
  /** Mean of the observed training values: the imputed value and the centre of the scaling. */
  mean: number;
  /** Population standard deviation of the imputed training column; 1 when it is 0. */
  std: number;
}

/** A categorical feature: one column per kept category, then one for "other". */
export interface CategoricalFeature {
  name: string;
  kind: 'categorical';
  /** Kept categories, most frequent first (ties by value); their one-hot columns come in this order. */
  categories: string[];
  /** The imputed value of a missing category (the most frequent in training); null when training had none. */
  mostFrequent: string | null;
}

export type FeatureSpec = NumericFeature | CategoricalFeature;

/**
 * The data preparation fitted on the training rows. The prepared matrix has the numeric features first (in the
 * order of `features`), then each categorical feature's one-hot block (its categories, then "other").
 */
export interface Preparation {
  features: FeatureSpec[];
  /** Number of prepared columns. */
  width: number;
  /** Names of the prepared columns: numeric names, then `column=category` and `column=*other*`. */
  columnNames: string[];
}

/** Name given to the "other" one-hot column of a categorical feature. */
export const OTHER_CATEGORY = '*other*';

/** Fits imputation, scaling and one-hot encoding of the named columns on the (training) table. */
export function fitPreparation(table: Table, names: readonly string[], options: PreparationOptions = {}): Preparation {
  const topK = options.topK ?? DEFAULT_TOP_K;
  if (!Number.isSafeInteger(topK) || topK < 1) {
    throw new TrainerParamError('topK', `must be an integer ≥ 1, got ${topK}`);
  }
  const features = names.map((name): FeatureSpec => {
    const column = table.column(name, 'features');
    return column.kind === 'numeric' ? fitNumeric(column) : fitCategorical(column, topK);
  });
  return describe(features);
}

/** Width and column names of a list of fitted features (e.g. read back from a model's metadata). */
export function describe(features: FeatureSpec[]): Preparation {
  const numeric = features.filter((feature) => feature.kind === 'numeric');
  const categorical = features.filter((feature) => feature.kind === 'categorical');
  const columnNames = [
    ...numeric.map((feature) => feature.name),
    ...categorical.flatMap((feature) => [
      ...feature.categories.map((category) => `${feature.name}=${category}`),
      `${feature.name}=${OTHER_CATEGORY}`,
    ]),
  ];
  return { features, width: columnNames.length, columnNames };
}

/** Applies the preparation: an n × width row-major matrix. Unknown and missing values never throw. */
export function prepare(preparation: Preparation, table: Table): Float64Array {
  const n = table.rowCount;
  const width = preparation.width;
  const out = new Float64Array(n * width);
  let offset = 0;
  for (const feature of preparation.features) {
    if (feature.kind !== 'numeric') {
      continue;
    }
    const values = numericValues(table, feature.name);
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      out[i * width + offset] = ((isMissing(x) ? feature.mean : x) - feature.mean) / feature.std;
    }
    offset++;
  }
  for (const feature of preparation.features) {
    if (feature.kind !== 'categorical') {
      continue;
    }
    const index = categoryIndex(feature);
    const other = feature.categories.length;
    const values = categoricalValues(table, feature.name);
    for (let i = 0; i < n; i++) {
      const value = values[i] ?? null;
      out[i * width + offset + (index.get(value ?? feature.mostFrequent ?? '') ?? other)] = 1;
    }
    offset += other + 1;
  }
  return out;
}

/** Category → one-hot position; absent categories are "other" (position categories.length). */
function categoryIndex(feature: CategoricalFeature): Map<string, number> {
  return new Map(feature.categories.map((category, i) => [category, i]));
}

function fitNumeric(column: NumericColumn): NumericFeature {
  let sum = 0;
  let count = 0;
  for (const x of column.values) {
    if (!isMissing(x)) {
      sum += x;
      count++;
    }
  }
  const mean = count === 0 ? 0 : sum / count;
  let squares = 0;
  for (const x of column.values) {
    if (!isMissing(x)) {
      squares += (x - mean) * (x - mean);
    }
  }
  // Imputed rows sit at the mean and add nothing to the squares, but count in n: the std of the imputed column.
  const n = column.values.length;
  const std = n === 0 ? 0 : Math.sqrt(squares / n);
  return { name: column.name, kind: 'numeric', mean, std: std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1 };
}

function fitCategorical(column: CategoricalColumn, topK: number): CategoricalFeature {
  const counts = new Map<string, number>();
  for (const value of column.values) {
    if (value !== null) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  const ranked = [...counts].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0));
  const categories = ranked.slice(0, topK).map(([value]) => value);
  return { name: column.name, kind: 'categorical', categories, mostFrequent: categories[0] ?? null };
}

/** The values of a numeric feature column; a categorical column of that name is an error. */
function numericValues(table: Table, name: string): Float64Array {
  const column = table.column(name, 'features');
  if (column.kind !== 'numeric') {
    throw new TrainerParamError('features', `column "${name}" must be numeric, it is categorical`);
  }
  return column.values;
}

/** The values of a categorical feature column; numbers (e.g. codes read as numbers) are taken as their text. */
function categoricalValues(table: Table, name: string): ReadonlyArray<string | null> {
  const column = table.column(name, 'features');
  if (column.kind === 'categorical') {
    return column.values;
  }
  return Array.from(column.values, (x) => (isMissing(x) ? null : String(x)));
}
