import {
  chiSquareFromCounts,
  ColumnKind,
  DriftMethod,
  driftVerdict,
  jensenShannonFromCounts,
  ksTestSketch,
  psiFromCounts,
  resolveChoice,
  summarizeDrift,
  wassersteinNormSketch,
  zTestFromCounts,
  type DriftResult,
  type MethodChoice,
} from '@ferry/drift';

import type { ColumnSummary } from './column-summary';

/** How drift is judged: per-column overrides, per-kind and dataset defaults, and the share of drifted columns. */
export interface DriftSettings {
  defaults?: MethodChoice;
  numeric?: MethodChoice;
  categorical?: MethodChoice;
  columns?: Record<string, MethodChoice>;
  driftShare: number;
}

/** Per column verdicts and the dataset verdict of one window against its reference. */
export interface DriftOutcome {
  features: DriftResult[];
  datasetDrift: boolean;
  shareOfDriftedColumns: number;
}

/**
 * Compares each column the window and the reference share, with Evidently's default method unless the settings
 * say otherwise: from the reference's values (≤ 1000) or sketch and the window's sketch (K-S within 3ε, stated in
 * @ferry/drift), from category counts (chi-square, Z-test, Jensen–Shannon, PSI), or from counts on Sturges bins of
 * the reference for binned methods on numeric columns. Columns empty on either side are left out.
 */
export function compareWindow(
  reference: ReadonlyMap<string, ColumnSummary>,
  window: ReadonlyMap<string, ColumnSummary>,
  settings: DriftSettings,
): DriftOutcome | null {
  const features: DriftResult[] = [];
  for (const [name, current] of window) {
    const ref = reference.get(name);
    if (ref === undefined || ref.count === 0 || current.count === 0) {
      continue;
    }
    features.push(compareColumn(name, ref, current, settings));
  }
  if (features.length === 0) {
    return null;
  }
  const summary = summarizeDrift(features, settings.driftShare);
  return { features, datasetDrift: summary.datasetDrift, shareOfDriftedColumns: summary.shareOfDriftedColumns };
}

/** One column's verdict. */
export function compareColumn(
  name: string,
  reference: ColumnSummary,
  current: ColumnSummary,
  settings: DriftSettings,
): DriftResult {
  const kind = reference.numeric && current.numeric ? ColumnKind.numeric : ColumnKind.categorical;
  const distinct = unionDistinct(reference, current);
  const { method, threshold } = resolveChoice(
    { kind, referenceCount: reference.count, distinct },
    [
      settings.columns?.[name],
      kind === ColumnKind.numeric ? settings.numeric : settings.categorical,
      settings.defaults,
    ],
    name,
  );
  const asCategories = kind === ColumnKind.categorical || distinct <= 5;
  switch (method) {
    case DriftMethod.ks: {
      const result = ksTestSketch(reference.values ?? reference.sketch, current.sketch);
      return driftVerdict(name, method, result, threshold);
    }
    case DriftMethod.wasserstein: {
      const result = wassersteinNormSketch(reference.values ?? reference.sketch, current.sketch, {
        referenceStd: reference.populationStd,
      });
      return driftVerdict(name, method, result, threshold);
    }
    case DriftMethod.chisquare: {
      const [ref, cur] = categoryCounts(reference, current);
      return driftVerdict(name, method, chiSquareFromCounts(ref, cur), threshold);
    }
    case DriftMethod.ztest: {
      const [ref, cur] = categoryCounts(reference, current);
      const pair = (counts: number[]): [number, number] => [counts[0] ?? 0, counts.slice(1).reduce((a, b) => a + b, 0)];
      return driftVerdict(name, method, zTestFromCounts(pair(ref), pair(cur)), threshold);
    }
    case DriftMethod.jensenshannon:
    case DriftMethod.psi: {
      const [ref, cur] =
        asCategories && reference.counts !== null && current.counts !== null
          ? categoryCounts(reference, current)
          : binCounts(reference, current);
      const statistic = method === DriftMethod.psi ? psiFromCounts(ref, cur) : jensenShannonFromCounts(ref, cur);
      return driftVerdict(name, method, { statistic }, threshold);
    }
  }
}

function unionDistinct(a: ColumnSummary, b: ColumnSummary): number {
  if (a.counts === null || b.counts === null) {
    return Math.max(a.distinct, b.distinct);
  }
  const keys = new Set(a.counts.keys());
  for (const key of b.counts.keys()) {
    keys.add(key);
  }
  return keys.size;
}

/** Counts of the union of categories, in one order on both sides (categories past the cap count as one "other"). */
function categoryCounts(reference: ColumnSummary, current: ColumnSummary): [number[], number[]] {
  const ref = reference.counts ?? new Map<string, number>();
  const cur = current.counts ?? new Map<string, number>();
  const keys = [...new Set([...ref.keys(), ...cur.keys()])].sort();
  const refCounts = keys.map((k) => ref.get(k) ?? 0);
  const curCounts = keys.map((k) => cur.get(k) ?? 0);
  return [refCounts, curCounts];
}

/**
 * Counts on the reference's Sturges bins (ceil(log2 n) + 1 equal-width bins over its range) with open outer bins
 * for window values outside it; from the kept values when there are any, else from the sketches' ranks.
 */
function binCounts(reference: ColumnSummary, current: ColumnSummary): [number[], number[]] {
  const min = reference.sketch.quantile(0);
  const max = reference.sketch.quantile(1);
  const bins = Math.max(1, Math.ceil(Math.log2(reference.sketch.count)) + 1);
  const width = max > min ? (max - min) / bins : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (max > min ? min + i * width : min - 0.5 + i));
  return [countsOn(reference, edges), countsOn(current, edges)];
}

function countsOn(summary: ColumnSummary, edges: number[]): number[] {
  const sketch = summary.sketch;
  const below = (x: number): number => {
    // Values < x: rank of the largest value below x.
    return sketch.rank(x - Math.max(Math.abs(x), 1) * 1e-12);
  };
  const n = sketch.count;
  const counts: number[] = [below(edges[0] as number)];
  for (let i = 0; i + 1 < edges.length; i++) {
    const last = i + 2 === edges.length;
    const hi = last ? sketch.rank(edges[i + 1] as number) : below(edges[i + 1] as number);
    counts.push(Math.max(0, hi - below(edges[i] as number)));
  }
  counts.push(Math.max(0, n - sketch.rank(edges[edges.length - 1] as number)));
  return counts;
}
