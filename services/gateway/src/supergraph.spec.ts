import * as fs from 'node:fs';

import { graphqlUrlOf, loadConfig, SUBGRAPH_NAMES } from '@ferry/contracts';

import { composeSupergraph, readSubgraphs, subgraphSchemaPath } from './supergraph';

describe('supergraph composition', () => {
  it('composes the four committed subgraph schemas', () => {
    const supergraph = composeSupergraph(readSubgraphs(loadConfig({})));
    for (const name of SUBGRAPH_NAMES) {
      expect(supergraph).toContain(`${name.toUpperCase()} @join__graph(name: "${name}"`);
    }
    expect(supergraph).toContain('createModel');
  });

  it('fails when a change breaks composition', () => {
    const subgraphs = readSubgraphs(loadConfig({}));
    // Two subgraphs defining the same non-shareable field cannot compose.
    const clash = 'type Query { clash: String }';
    const broken = subgraphs.map((s) =>
      s.name === 'inference' || s.name === 'training' ? { ...s, sdl: `${s.sdl}\nextend ${clash}` } : s,
    );
    expect(() => composeSupergraph(broken)).toThrow(/composition failed/);
  });

  it('calls each subgraph at FERRY_<NAME>_URL, else at its host and port', () => {
    const config = loadConfig({ FERRY_HOST: '0.0.0.0', FERRY_REGISTRY_PORT: '5001' });
    expect(graphqlUrlOf('registry', config)).toBe('http://127.0.0.1:5001/graphql');
    const explicit = loadConfig({ FERRY_REGISTRY_URL: 'http://registry:4001/graphql' });
    expect(graphqlUrlOf('registry', explicit)).toBe('http://registry:4001/graphql');
    expect(() => loadConfig({ FERRY_TRAINING_URL: 'training:4004' })).toThrow(/FERRY_TRAINING_URL/);
    expect(fs.existsSync(subgraphSchemaPath('training'))).toBe(true);
  });
});
