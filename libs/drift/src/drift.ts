import { chiSquareTest } from './chisquare';
import { resolveChoice } from './choose';
import { jensenShannonTest, psiTest } from './divergence';
import { DriftInputError } from './errors';
import { ksTest } from './ks';
import {
  ColumnKind,
  DEFAULT_THRESHOLDS,
  DriftMethod,
  isDrifted,
  P_VALUE_METHODS,
  type DriftResult,
  type MethodChoice,
} from './methods';
import { cleanColumn, distinctUpTo, type CleanColumn, type RawValue } from './values';
import { wassersteinNorm } from './wasserstein';
import { zTest } from './ztest';

// Evidently's drift_share: the dataset drifts when at least this share of its columns does.
const DEFAULT_DRIFT_SHARE = 0.5;
// defaultMethod only needs to tell ≤ 2, ≤ 5 and more distinct values apart.
const DISTINCT_CAP = 6;

/** Options of columnDrift: the column's name for the result, its kind when not inferred, method and threshold. */
export interface ColumnDriftOptions extends MethodChoice {
  column?: string;
  kind?: ColumnKind;
}

/** One column of a dataset drift comparison. */
export interface DriftColumn {
  name: string;
  reference: ArrayLike<RawValue>;
  current: ArrayLike<RawValue>;
  kind?: ColumnKind;
}

/** Options of datasetDrift; per column beats per kind beats dataset defaults beats Evidently's choice. */
export interface DatasetDriftOptions {
  defaults?: MethodChoice;
  numeric?: MethodChoice;
  categorical?: MethodChoice;
  columns?: Record<string, MethodChoice>;
  /** Share of drifted columns from which the dataset drifts (default 0.5, as Evidently's drift_share). */
  driftShare?: number;
}

/** The per-column verdicts and the dataset verdict. */
export interface DatasetDriftResult {
  columns: DriftResult[];
  numberOfColumns: number;
  numberOfDriftedColumns: number;
  shareOfDriftedColumns: number;
  driftShare: number;
  datasetDrift: boolean;
}

/**
 * Drift of one column from raw values: drops missing values, infers the kind (numeric when every value is a
 * number), picks Evidently's default method unless told, and compares.
 */
export function columnDrift(
  reference: ArrayLike<RawValue>,
  current: ArrayLike<RawValue>,
  options: ColumnDriftOptions = {},
): DriftResult {
  return driftOf(reference, current, options.kind, options.column ?? '', [options]);
}

/** Drift of every column and of the dataset: it drifts when at least driftShare of its columns do. */
export function datasetDrift(columns: readonly DriftColumn[], options: DatasetDriftOptions = {}): DatasetDriftResult {
  const results = columns.map((c) =>
    driftOf(c.reference, c.current, c.kind, c.name, (kind) => [
      options.columns !== undefined && Object.hasOwn(options.columns, c.name) ? options.columns[c.name] : undefined,
      kind === ColumnKind.numeric ? options.numeric : options.categorical,
      options.defaults,
    ]),
  );
  return summarizeDrift(results, options.driftShare);
}

/** A DriftResult from a score computed elsewhere (from counts or sketches); the method's default threshold if none. */
export function driftVerdict(
  column: string,
  method: DriftMethod,
  score: { statistic: number; pValue?: number | null },
  threshold: number = DEFAULT_THRESHOLDS[method],
): DriftResult {
  if (!Number.isFinite(threshold)) {
    throw new DriftInputError(`threshold must be a finite number, got ${threshold}`, column);
  }
  if (!P_VALUE_METHODS.has(method)) {
    return {
      column,
      method,
      statistic: score.statistic,
      pValue: null,
      threshold,
      drifted: score.statistic >= threshold,
    };
  }
  if (score.pValue === undefined || score.pValue === null) {
    throw new DriftInputError(`${method} needs a p-value`, column);
  }
  return {
    column,
    method,
    statistic: score.statistic,
    pValue: score.pValue,
    threshold,
    drifted: score.pValue < threshold,
  };
}

/** The dataset verdict from column verdicts: drift when drifted / columns ≥ driftShare (Evidently's rule). */
export function summarizeDrift(results: DriftResult[], driftShare = DEFAULT_DRIFT_SHARE): DatasetDriftResult {
  if (results.length === 0) {
    throw new DriftInputError('dataset drift needs at least one column');
  }
  if (!(driftShare >= 0 && driftShare <= 1)) {
    throw new DriftInputError(`driftShare must be in [0, 1], got ${driftShare}`);
  }
  const drifted = results.filter((r) => r.drifted).length;
  const share = drifted / results.length;
  return {
    columns: results,
    numberOfColumns: results.length,
    numberOfDriftedColumns: drifted,
    shareOfDriftedColumns: share,
    driftShare,
    datasetDrift: share >= driftShare,
  };
}

function driftOf(
  reference: ArrayLike<RawValue>,
  current: ArrayLike<RawValue>,
  kind: ColumnKind | undefined,
  column: string,
  choices: Array<MethodChoice | undefined> | ((kind: ColumnKind) => Array<MethodChoice | undefined>),
): DriftResult {
  const clean = cleanColumn(reference, current, kind, column);
  const profile = {
    kind: clean.kind,
    referenceCount: clean.reference.length,
    distinct: distinctUpTo(clean.reference, clean.current, DISTINCT_CAP),
  };
  const { method, threshold } = resolveChoice(
    profile,
    typeof choices === 'function' ? choices(clean.kind) : choices,
    column,
  );
  const { statistic, pValue } = score(method, clean);
  const drifted = isDrifted(method, pValue ?? statistic, threshold);
  return { column, method, statistic, pValue, threshold, drifted };
}

function score(method: DriftMethod, clean: CleanColumn): { statistic: number; pValue: number | null } {
  const { reference, current, kind } = clean;
  switch (method) {
    case DriftMethod.ks: {
      const r = ksTest(reference as Float64Array, current as Float64Array);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case DriftMethod.wasserstein:
      return { statistic: wassersteinNorm(reference as Float64Array, current as Float64Array).statistic, pValue: null };
    case DriftMethod.chisquare: {
      const r = chiSquareTest(reference, current);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case DriftMethod.ztest: {
      const r = zTest(reference, current);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case DriftMethod.jensenshannon:
      return { statistic: jensenShannonTest(reference, current, kind), pValue: null };
    case DriftMethod.psi:
      return { statistic: psiTest(reference, current, kind), pValue: null };
  }
}
