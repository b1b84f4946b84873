import 'reflect-metadata';

import * as fs from 'node:fs';
import * as path from 'node:path';

import type { SubgraphName } from '@ferry/contracts';
import { buildInferenceSchema } from '@ferry/inference/src/graphql/schema';
import { buildMonitoringSchema } from '@ferry/monitoring/src/graphql/schema';
import { buildRegistrySchema } from '@ferry/registry/src/graphql/schema';
import { printSubgraphSdl, ResolverContainer, type ServiceContext } from '@ferry/service-runtime';
import { buildTrainingSchema } from '@ferry/training/src/graphql/schema';
import type { GraphQLSchema } from 'graphql';

type SchemaBuilder = (info: () => ServiceContext, container: ResolverContainer) => Promise<GraphQLSchema>;

const builders: Record<SubgraphName, SchemaBuilder> = {
  registry: buildRegistrySchema,
  inference: buildInferenceSchema,
  monitoring: buildMonitoringSchema,
  training: buildTrainingSchema,
};

const offline = (): ServiceContext => {
  throw new Error('schema built for printing only');
};

/** Builds a subgraph's schema from its resolvers, without a running service, and prints its SDL. */
export async function subgraphSdl(name: SubgraphName): Promise<string> {
  return printSubgraphSdl(await builders[name](offline, new ResolverContainer()));
}

/** The committed SDL of a subgraph. */
export function schemaFile(name: SubgraphName): string {
  return path.resolve(__dirname, '..', '..', '..', 'services', name, 'schema.graphql');
}

/** Writes every subgraph's `schema.graphql`; returns the names whose file changed. */
export async function writeSchemas(): Promise<SubgraphName[]> {
  const changed: SubgraphName[] = [];
  for (const name of Object.keys(builders) as SubgraphName[]) {
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
