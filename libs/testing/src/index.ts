export * from './cleanup';
export * from './config';
export * from './graphql';
export * from './http';
export * from './nats';
export * from './ports';
export * from './postgres';
export * from './prefix';
