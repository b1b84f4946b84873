import * as fs from 'node:fs';
import * as path from 'node:path';

import { composeServices } from '@apollo/composition';
import { SUBGRAPH_NAMES, type FerryConfig, type SubgraphName } from '@ferry/contracts';
import { parse } from 'graphql';

/** Where each subgraph's committed SDL lives: `services/<name>/schema.graphql`. */
export function subgraphSchemaPath(name: SubgraphName): string {
  return path.resolve(__dirname, '..', '..', name, 'schema.graphql');
}

/** The URL the gateway calls a subgraph at: `FERRY_<NAME>_URL`, else the service's host and port. */
export function subgraphUrl(name: SubgraphName, config: FerryConfig, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[`FERRY_${name.toUpperCase()}_URL`];
  if (explicit !== undefined && explicit.trim() !== '') {
    return explicit.trim();
  }
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host}:${config.ports[name]}/graphql`;
}

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

/**
 * Composes the supergraph from the subgraphs' committed SDL, so the gateway starts whatever order the
 * services come up in, and a breaking change fails composition (and CI) rather than a start.
 */
export function composeSupergraph(subgraphs: SubgraphSource[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors !== undefined) {
    throw new Error(`supergraph composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

/** Reads the four committed subgraph schemas with their configured URLs. */
export function readSubgraphs(config: FerryConfig): SubgraphSource[] {
  return SUBGRAPH_NAMES.map((name) => ({
    name,
    url: subgraphUrl(name, config),
    sdl: fs.readFileSync(subgraphSchemaPath(name), 'utf8'),
  }));
}
