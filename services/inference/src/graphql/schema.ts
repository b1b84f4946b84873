import { buildServiceSchema, type ResolverContainer, type ServiceContext } from '@ferry/service-runtime';
import type { GraphQLSchema } from 'graphql';

import { BatchJobs } from '../domain/batch-jobs';
import { Deployments } from '../domain/deployments';
import { BatchPredictionResolver } from './batch-prediction.resolver';
import { DeploymentResolver } from './deployment.resolver';

/** The inference subgraph schema. */
export function buildInferenceSchema(info: () => ServiceContext, container: ResolverContainer): Promise<GraphQLSchema> {
  return buildServiceSchema({
    serviceName: 'inference',
    info,
    resolvers: [DeploymentResolver, BatchPredictionResolver],
    container,
    referenceResolvers: {
      Deployment: {
        __resolveReference: (ref) =>
          container
            .get(Deployments)
            .deployment(String(ref.name))
            .catch(() => null),
      },
      BatchPrediction: {
        __resolveReference: (ref) =>
          container
            .get(BatchJobs)
            .get(String(ref.id))
            .catch(() => null),
      },
    },
  });
}
