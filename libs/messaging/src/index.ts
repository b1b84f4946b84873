export * from './async-publisher';
export * from './connection';
export * from './logger';
export * from './publish';
export * from './streams';
