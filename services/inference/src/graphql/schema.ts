import { buildServiceSchema, type ResolverContainer, type ServiceContext } from '@ferry/service-runtime';
import type { GraphQLSchema } from 'graphql';

import { Deployments } from '../domain/deployments';
import { DeploymentResolver } from './deployment.resolver';

/** The inference subgraph schema. */
export function buildInferenceSchema(info: () => ServiceContext, container: ResolverContainer): Promise<GraphQLSchema> {
  return buildServiceSchema({
    serviceName: 'inference',
    info,
    resolvers: [DeploymentResolver],
    container,
    referenceResolvers: {
      Deployment: {
        __resolveReference: (ref) =>
          container
            .get(Deployments)
            .deployment(String(ref.name))
            .catch(() => null),
      },
    },
  });
}
