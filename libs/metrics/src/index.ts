export * from './format';
export { Metric, type MetricType } from './metric';
export * from './counter';
export * from './gauge';
export * from './histogram';
export * from './registry';
export * from './process';
