/** The drift methods, named as in Evidently's registry except the Z-test (Evidently calls it "z"). */
export const DriftMethod = {
  ks: 'ks',
  chisquare: 'chisquare',
  wasserstein: 'wasserstein',
  jensenshannon: 'jensenshannon',
  psi: 'psi',
  ztest: 'ztest',
} as const;
export type DriftMethod = (typeof DriftMethod)[keyof typeof DriftMethod];

/** How a column's values are compared: as numbers on a line, or as unordered categories. */
export const ColumnKind = {
  numeric: 'numeric',
  categorical: 'categorical',
} as const;
export type ColumnKind = (typeof ColumnKind)[keyof typeof ColumnKind];

/** Methods whose score is a p-value (drift when p < threshold); the others score a distance (drift when ≥). */
export const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set([
  DriftMethod.ks,
  DriftMethod.chisquare,
  DriftMethod.ztest,
]);

/** Methods that need numbers; the others also compare categories. */
export const NUMERIC_ONLY_METHODS: ReadonlySet<DriftMethod> = new Set([DriftMethod.ks, DriftMethod.wasserstein]);

/** Evidently's default_threshold of each StatTest: 0.05 for p-values, 0.1 for distances. */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chisquare: 0.05,
  ztest: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
};

/** The drift verdict for one column, as the monitoring service reports it. */
export interface DriftResult {
  column: string;
  method: DriftMethod;
  /** The test statistic (K-S D, chi-square, z) or the distance (normed W1, JS distance, PSI). */
  statistic: number;
  /** The p-value for p-value methods, null for distances. */
  pValue: number | null;
  threshold: number;
  drifted: boolean;
}

/** A method and threshold, each optional: unset ones fall back to the next level of defaults. */
export interface MethodChoice {
  method?: DriftMethod;
  threshold?: number;
}

/** Whether a score crosses the threshold: p-value methods drift when p < threshold, distances when d ≥ threshold. */
export function isDrifted(method: DriftMethod, score: number, threshold: number): boolean {
  return P_VALUE_METHODS.has(method) ? score < threshold : score >= threshold;
}
