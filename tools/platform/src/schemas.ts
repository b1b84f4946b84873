import 'reflect-metadata';

import * as fs from 'node:fs';
import * as path from 'node:path';

import { SUBGRAPH_NAMES, type SubgraphName } from '@ferry/contracts';
import { buildGatewaySchema } from '@ferry/gateway/src/graphql/schema';
import { buildInferenceSchema } from '@ferry/inference/src/graphql/schema';
import { buildMonitoringSchema } from '@ferry/monitoring/src/graphql/schema';
import { buildRegistrySchema } from '@ferry/registry/src/graphql/schema';
import { printSubgraphSdl, ResolverContainer, type ServiceContext } from '@ferry/service-runtime';
import { buildTrainingSchema } from '@ferry/training/src/graphql/schema';
import type { GraphQLSchema } from 'graphql';

type SchemaBuilder = (info: () => ServiceContext, container: ResolverContainer) => Promise<GraphQLSchema>;

/** The subgraphs whose SDL is committed: the four services and the gateway's own (API keys, subscriptions). */
export type SchemaName = SubgraphName | 'gateway';
export const SCHEMA_NAMES: SchemaName[] = [...SUBGRAPH_NAMES, 'gateway'];

const builders: Record<SchemaName, SchemaBuilder> = {
  registry: buildRegistrySchema,
  inference: buildInferenceSchema,
  monitoring: buildMonitoringSchema,
  training: buildTrainingSchema,
  gateway: async () =>
    buildGatewaySchema(() => {
      throw new Error('schema built for printing only');
    }),
};

const offline = (): ServiceContext => {
  throw new Error('schema built for printing only');
};

/** Builds a subgraph's schema from its resolvers, without a running service, and prints its SDL. */
export async function subgraphSdl(name: SchemaName): Promise<string> {
  return printSubgraphSdl(await builders[name](offline, new ResolverContainer()));
}

/** The committed SDL of a subgraph. */
export function schemaFile(name: SchemaName): string {
  return path.resolve(__dirname, '..', '..', '..', 'services', name, 'schema.graphql');
}

/** Writes every subgraph's `schema.graphql`; returns the names whose file changed. */
export async function writeSchemas(): Promise<SchemaName[]> {
  const changed: SchemaName[] = [];
  for (const name of SCHEMA_NAMES) {
    const sdl = await subgraphSdl(name);
    const file = schemaFile(name);
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (before !== sdl) {
      fs.writeFileSync(file, sdl);
      changed.push(name);
    }
  }
  return changed;
}
