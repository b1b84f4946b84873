export * from './config';
export * from './errors';
export * from './events';
export * from './names';
export * from './pagination';
export * from './auth';
export * from './subjects';
