/** The file formats a dataset version can be registered in. */
export type DatasetFormat = 'csv' | 'jsonl';

/** Inferred column types; the rules are in the README ("Type inference"). */
export type ColumnType = 'numeric' | 'categorical' | 'boolean' | 'text';

/** One column of a dataset's schema. */
export interface ColumnSchema {
  name: string;
  type: ColumnType;
  /** True when at least one row has the value missing. */
  nullable: boolean;
}

/** Summary of a numeric column, computed in bounded memory. */
export interface NumericSummary {
  /** Exact. */
  min: number;
  /** Exact. */
  max: number;
  /** Shifted Welford: matches an exact two-pass computation to ~1e-12 relative. */
  mean: number;
  /** Sample standard deviation (ddof = 1); 0 for a single value. */
  std: number;
  /** At q = 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99; each value's true rank is within quantileRankError · count of q · count. */
  quantiles: Array<{ q: number; value: number }>;
  /** The quantile sketch's epsilon: the guaranteed rank error as a fraction of `count`. */
  quantileRankError: number;
  /** Equal-width bins from min to max, edges.length = counts.length + 1, exact counts; bin i is [edges[i], edges[i+1]), the last one closed. */
  histogram: { edges: number[]; counts: number[] };
  /** Exact number of distinct values up to the cap; when distinctCapped, the true number is greater than `distinct`. */
  distinct: number;
  distinctCapped: boolean;
  /** All non-missing values in file order, only when the dataset has at most 1000 rows (for an exact K-S test). */
  values?: number[];
}

/** Summary of a categorical, boolean or text column. */
export interface CategoricalSummary {
  /** Exact number of distinct values up to the cap; when distinctCapped, the true number is greater than `distinct`. */
  distinct: number;
  distinctCapped: boolean;
  /** Most frequent first, at most 100, ties broken by value (ascending code units). */
  frequencies: Array<{ value: string; count: number }>;
  /** Non-missing values not counted in `frequencies`. */
  otherCount: number;
  /**
   * Present and true only for text columns with more distinct values than the cap: the counts are then
   * Space-Saving estimates that overcount by at most `maxCountError` (never undercount), and otherCount is approximate.
   */
  approximate?: boolean;
  maxCountError?: number;
}

/** A column's schema and statistics; `count` + `missing` = the dataset's rowCount. */
export interface ColumnProfile extends ColumnSchema {
  /** Non-missing values. */
  count: number;
  /** Rows where the value is missing (see README "Missing values"). */
  missing: number;
  /** For numeric columns. */
  numeric?: NumericSummary;
  /** For categorical, boolean ("true"/"false") and text columns. */
  categorical?: CategoricalSummary;
}

/** The profile of one dataset version: the reference for drift monitoring. */
export interface DatasetProfile {
  format: DatasetFormat;
  rowCount: number;
  columns: ColumnProfile[];
}

/** Options of profileDataset. */
export interface ProfileOptions {
  /** Detected from the first bytes when absent. */
  format?: DatasetFormat;
  /** Number of equal-width histogram bins of numeric columns; 20 by default. */
  histogramBins?: number;
  /** Called every 10,000 rows of each pass with the rows read so far in that pass (pass 2 runs only when needed). */
  onProgress?: (rows: number, pass: 1 | 2) => void;
}

/** What profileDataset reads: called once per pass, each call must yield the same bytes. */
export type DatasetSource = () => NodeJS.ReadableStream | AsyncIterable<Buffer | Uint8Array | string>;
