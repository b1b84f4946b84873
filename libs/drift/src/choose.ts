import { DriftInputError } from './errors';
import { ColumnKind, DEFAULT_THRESHOLDS, DriftMethod, NUMERIC_ONLY_METHODS, type MethodChoice } from './methods';

// Evidently switches from tests to distances above this many reference rows.
const SMALL_REFERENCE_ROWS = 1000;
// A numeric column with at most this many distinct values is compared as categories.
const MAX_DISTINCT_AS_CATEGORIES = 5;
// A categorical column with at most this many distinct values gets the Z-test.
const MAX_DISTINCT_BINARY = 2;

/** What the default choice depends on: the kind, the reference size, and distinct values over both sides. */
export interface ColumnProfile {
  kind: ColumnKind;
  referenceCount: number;
  /** Distinct values over reference and current together (any number above 5 decides the same way). */
  distinct: number;
}

/** A resolved method and threshold. */
export interface ResolvedChoice {
  method: DriftMethod;
  threshold: number;
}

/**
 * Evidently's default stattest (_get_default_stattest): with at most 1000 reference rows, K-S for numeric columns
 * with more than 5 distinct values, else chi-square (Z-test when at most 2 distinct values); with more reference
 * rows, normed Wasserstein for numeric columns with more than 5 distinct values, else Jensen–Shannon.
 */
export function defaultMethod(profile: ColumnProfile): DriftMethod {
  const asCategories = profile.kind === ColumnKind.categorical || profile.distinct <= MAX_DISTINCT_AS_CATEGORIES;
  if (profile.referenceCount <= SMALL_REFERENCE_ROWS) {
    if (!asCategories) {
      return DriftMethod.ks;
    }
    return profile.distinct > MAX_DISTINCT_BINARY ? DriftMethod.chisquare : DriftMethod.ztest;
  }
  return asCategories ? DriftMethod.jensenshannon : DriftMethod.wasserstein;
}

/**
 * The method and threshold for one column: the first choice that sets each wins (column, then kind defaults, then
 * dataset defaults), then Evidently's default method and that method's default threshold.
 */
export function resolveChoice(
  profile: ColumnProfile,
  choices: ReadonlyArray<MethodChoice | undefined>,
  column?: string,
): ResolvedChoice {
  const method = choices.find((c) => c?.method !== undefined)?.method ?? defaultMethod(profile);
  if (!Object.values(DriftMethod).includes(method)) {
    throw new DriftInputError(`unknown drift method "${String(method)}"`, column);
  }
  if (profile.kind === ColumnKind.categorical && NUMERIC_ONLY_METHODS.has(method)) {
    throw new DriftInputError(`${method} needs a numeric column`, column);
  }
  const threshold = choices.find((c) => c?.threshold !== undefined)?.threshold ?? DEFAULT_THRESHOLDS[method];
  if (!Number.isFinite(threshold)) {
    throw new DriftInputError(`threshold must be a finite number, got ${threshold}`, column);
  }
  return { method, threshold };
}
