export { TrainerParamError } from './errors';
export { Random } from './random';
export { type CategoricalColumn, type Column, type ColumnData, ColumnKind, type NumericColumn, Table } from './table';
export { parseTable, readTable, type ReadTableOptions, type TableSource } from './read-table';
export { splitTable, type SplitOptions, type TableSplit } from './split';
export {
  type CategoricalFeature,
  DEFAULT_TOP_K,
  fitPreparation,
  type FeatureSpec,
  type NumericFeature,
  OTHER_CATEGORY,
  prepare,
  type Preparation,
  type PreparationOptions,
} from './prepare';
export {
  type LinearRegressionParams,
  type ParamsInputOf,
  type ParamsOf,
  resolveParams,
  type RidgeParams,
  TrainerType,
} from './params';
export type { KMeansFit, KMeansParams } from './trainers/kmeans';
export type { LinearFit } from './trainers/linear';
export type { LogisticFit, LogisticParams } from './trainers/logistic';
export type { Progress } from './trainers/progress';
export type {
  ClassifierModel,
  ClassifierPredictions,
  ClassLabels,
  ClusterModel,
  ClusterPredictions,
  RegressionModel,
  RegressionPredictions,
  TrainedModel,
} from './model';
export { type ModelOf, train, type TrainOptions, type TrainResult } from './train';
export { ONNX_IR_VERSION, ONNX_OPSETS, OUTPUT_NAMES } from './onnx/export-model';
export { onnxInputs, type OnnxInput } from './onnx/inputs';
export { type FerryModelMetadata, METADATA_KEYS, parseFerryMetadata, type TrainerSummary } from './metadata';
export type { Label } from './metrics/check';
export {
  accuracy,
  type Averaging,
  f1Score,
  logLoss,
  precisionRecallF1,
  type PrecisionRecallF1,
  rocAuc,
} from './metrics/classification';
export { meanAbsoluteError, r2Score, rootMeanSquaredError } from './metrics/regression';
export { adjustedRandIndex, inertia } from './metrics/clustering';
