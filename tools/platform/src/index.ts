export * from './nats-server';
export * from './platform';
export * from './supervisor';
export * from './isolated';
