import type { Role } from '@ferry/contracts';

/** The kinds of GraphQL operation. */
export type OperationKind = 'query' | 'mutation' | 'subscription';

/**
 * Who may call what: the least role of each root field, the one table of the platform (ADR 0005). Queries and
 * subscriptions need `viewer` unless listed; a mutation that is not listed needs `admin`, so a new mutation is
 * closed until someone decides otherwise here. Command trainers need `admin` on top of `createPipeline` /
 * `updatePipeline`: the training service decides that (`mayConfigureCommands`) from the role signed to it.
 */
export const ROOT_FIELD_ROLES: { readonly [K in OperationKind]: Readonly<Record<string, Role>> } = {
  query: {
    apiKeys: 'admin',
  },
  mutation: {
    // registry
    createModel: 'operator',
    registerModelVersion: 'operator',
    setModelAlias: 'operator',
    archiveModelVersion: 'operator',
    createDataset: 'operator',
    registerDatasetVersion: 'operator',
    // inference
    createDeployment: 'operator',
    updateDeployment: 'operator',
    deleteDeployment: 'operator',
    predict: 'operator',
    startBatchPrediction: 'operator',
    cancelBatchPrediction: 'operator',
    // monitoring
    configureMonitor: 'operator',
    recordFeedback: 'operator',
    recordFeedbackBatch: 'operator',
    // training
    createPipeline: 'operator',
    updatePipeline: 'operator',
    triggerTrainingRun: 'operator',
    cancelTrainingRun: 'operator',
    // gateway
    createApiKey: 'admin',
    revokeApiKey: 'admin',
  },
  subscription: {},
};

const DEFAULT_ROLE: { readonly [K in OperationKind]: Role } = {
  query: 'viewer',
  mutation: 'admin',
  subscription: 'viewer',
};

/** The least role that may call root field `field` of an operation of kind `kind`. */
export function requiredRole(kind: OperationKind, field: string): Role {
  return ROOT_FIELD_ROLES[kind][field] ?? DEFAULT_ROLE[kind];
}
