import * as fs from 'node:fs';
import * as path from 'node:path';

import { composeServices } from '@apollo/composition';
import { graphqlUrlOf, SUBGRAPH_NAMES, type FerryConfig, type SubgraphName } from '@ferry/contracts';
import { parse } from 'graphql';

/** The gateway's own subgraph (API keys, subscriptions), served in this process (ADR 0005). */
export const GATEWAY_SUBGRAPH = 'gateway';
/** What the supergraph records as the gateway subgraph's URL; never called over HTTP. */
export const GATEWAY_SUBGRAPH_URL = 'in-process://gateway';

/** Where each subgraph's committed SDL lives: `services/<name>/schema.graphql`. */
export function subgraphSchemaPath(name: SubgraphName | typeof GATEWAY_SUBGRAPH): string {
  return path.resolve(__dirname, '..', '..', name, 'schema.graphql');
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

/** Reads the committed subgraph schemas with their configured URLs: the four services', then the gateway's. */
export function readSubgraphs(config: FerryConfig): SubgraphSource[] {
  return [
    ...SUBGRAPH_NAMES.map((name) => ({
      name,
      url: graphqlUrlOf(name, config),
      sdl: fs.readFileSync(subgraphSchemaPath(name), 'utf8'),
    })),
    {
      name: GATEWAY_SUBGRAPH,
      url: GATEWAY_SUBGRAPH_URL,
      sdl: fs.readFileSync(subgraphSchemaPath(GATEWAY_SUBGRAPH), 'utf8'),
    },
  ];
}
