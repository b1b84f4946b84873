import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type GraphQLSchema } from 'graphql';
import { GraphQLDateTimeISO, GraphQLJSON } from 'graphql-scalars';

import type { ApiKeys } from '../domain/api-keys';
import { gatewayResolvers } from './resolvers';
import { GATEWAY_TYPE_DEFS } from './type-defs';

/**
 * The gateway's subgraph schema (served in-process behind Apollo Gateway). `keys` is only called by resolvers, so
 * the schema can be built offline to print `services/gateway/schema.graphql`.
 */
export function buildGatewaySchema(keys: () => ApiKeys): GraphQLSchema {
  const resolvers = {
    ...gatewayResolvers(keys),
    DateTimeISO: GraphQLDateTimeISO,
    JSON: GraphQLJSON,
  } as unknown as GraphQLResolverMap<unknown>;
  return buildSubgraphSchema([{ typeDefs: parse(GATEWAY_TYPE_DEFS), resolvers }]);
}
