import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

/** The Federation 2 version every Ferry subgraph declares; pinned here so all four move together. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])';

/** Extra resolvers a subgraph needs beyond its type-graphql classes, e.g. `__resolveReference` of its entities. */
export type ReferenceResolvers = Record<
  string,
  { __resolveReference: (ref: Record<string, unknown>, context: unknown) => unknown }
>;

/**
 * Builds a Federation 2 subgraph schema from type-graphql resolvers: the type-graphql schema is printed
 * with its directives (`@key`, `@shareable`), prefixed with the federation link, and handed to
 * `buildSubgraphSchema` together with the resolvers type-graphql generated.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true });
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, extra] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...extra } as GraphQLResolverMap<unknown>[string];
  }
  return buildSubgraphSchema([{ typeDefs, resolvers }]);
}

/** The SDL of a subgraph as composition reads it: what is committed as each service's `schema.graphql`. */
export function printSubgraphSdl(schema: GraphQLSchema): string {
  return `${printSubgraphSchema(schema).trim()}\n`;
}
