export * from './errors';
export * from './methods';
export type { Category } from './categories';
export type { RawValue } from './values';
export { ksTest, ksPValue, type KsResult, type KsPValueMethod } from './ks';
export { wassersteinDistance, wassersteinNorm, WASSERSTEIN_MIN_NORM, type WassersteinResult } from './wasserstein';
export { chiSquare, chiSquareTest, chiSquareFromCounts, type ChiSquareResult } from './chisquare';
export { zTest, zTestFromCounts, type ZTestResult } from './ztest';
export {
  jensenShannonDistance,
  jensenShannonTest,
  jensenShannonFromCounts,
  psiOfShares,
  psiTest,
  psiFromCounts,
} from './divergence';
export {
  binnedShares,
  binOf,
  countOnBins,
  fillEmptyShares,
  sharesOf,
  sturgesEdges,
  type BinnedShares,
  type BinningOptions,
} from './binning';
export {
  ksTestSketch,
  wassersteinNormSketch,
  type SketchKsResult,
  type SketchWassersteinOptions,
  type SketchWassersteinResult,
} from './sketch';
export { defaultMethod, resolveChoice, type ColumnProfile, type ResolvedChoice } from './choose';
export {
  columnDrift,
  datasetDrift,
  driftVerdict,
  summarizeDrift,
  type ColumnDriftOptions,
  type DatasetDriftOptions,
  type DatasetDriftResult,
  type DriftColumn,
} from './drift';
export { chiSquareSf, normalTwoSidedP } from './special';
