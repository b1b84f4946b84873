import { buildServiceSchema, type ResolverContainer, type ServiceContext } from '@ferry/service-runtime';
import type { GraphQLSchema } from 'graphql';

/** The inference subgraph schema. */
export function buildInferenceSchema(info: () => ServiceContext, container: ResolverContainer): Promise<GraphQLSchema> {
  return buildServiceSchema({ serviceName: 'inference', info, resolvers: [], container });
}
