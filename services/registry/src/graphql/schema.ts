import { buildServiceSchema, type ResolverContainer, type ServiceContext } from '@ferry/service-runtime';
import type { GraphQLSchema } from 'graphql';

import { ModelCatalog } from '../domain/model-catalog';
import { ModelResolver, resolveModelReference } from './model.resolver';

/** The registry's subgraph schema; the container supplies ModelResolver and ModelCatalog at request time. */
export function buildRegistrySchema(info: () => ServiceContext, container: ResolverContainer): Promise<GraphQLSchema> {
  return buildServiceSchema({
    serviceName: 'registry',
    info,
    resolvers: [ModelResolver],
    container,
    referenceResolvers: {
      Model: { __resolveReference: (ref) => resolveModelReference(container.get(ModelCatalog), ref) },
    },
  });
}
