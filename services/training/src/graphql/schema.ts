import { buildServiceSchema, type ResolverContainer, type ServiceContext } from '@ferry/service-runtime';
import type { GraphQLSchema } from 'graphql';

/** The training subgraph schema. */
export function buildTrainingSchema(info: () => ServiceContext, container: ResolverContainer): Promise<GraphQLSchema> {
  return buildServiceSchema({ serviceName: 'training', info, resolvers: [], container });
}
