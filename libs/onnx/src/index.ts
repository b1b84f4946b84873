export * from './read-model';
export * from './runtime-check';
export * from './type-string';
export * from './types';
