import 'reflect-metadata';

export * from './auth/identity';
export * from './auth/internal-secret';
export * from './auth/key-verifier';
export * from './auth/request-auth';
export * from './connection';
export * from './federation';
export * from './graphql-errors';
export * from './graphql-http';
export * from './http';
export * from './lifecycle';
export * from './logger';
export * from './metrics-route';
export * from './outbox-relay';
export * from './service-info';
export * from './subgraph';
export * from './version';
export { PeerClient, SYSTEM_IDENTITY } from './peer-client';
