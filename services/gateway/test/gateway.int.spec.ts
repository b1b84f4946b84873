import type { FerryConfig } from '@ferry/contracts';
import { registryService } from '@ferry/registry';
import { startService, type RunningService } from '@ferry/service-runtime';
import { cleanUpTest, errorCodes, freePort, graphql, testConfig, uniquePrefix } from '@ferry/testing';

import { gatewayService } from '../src/service';

describe('gateway over real subgraphs', () => {
  const prefix = uniquePrefix('gateway');
  let config: FerryConfig;
  let gateway: RunningService;
  let registry: RunningService | undefined;

  beforeAll(async () => {
    config = testConfig(prefix, 'sqlite');
    // Nothing listens on these ports yet: the gateway must start regardless.
    for (const name of ['registry', 'inference', 'monitoring', 'training'] as const) {
      config.ports[name] = await freePort();
    }
    gateway = await startService(gatewayService, config, { port: 0 });
  });

  afterAll(async () => {
    await gateway.stop();
    await registry?.stop();
    await cleanUpTest(prefix, config);
  });

  it('starts and is ready with every subgraph down, answering UNAVAILABLE for the fields that need one', async () => {
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    const response = await graphql(`${gateway.url}/graphql`, '{ registryService { name } }');
    expect(errorCodes(response)).toEqual(['UNAVAILABLE']);
    expect(response.errors?.[0]?.message).toMatch(/registry/);
    expect(response.errors?.[0]?.extensions?.serviceName).toBe('registry');
  });

  it('serves a subgraph as soon as it comes up, and passes its error codes through', async () => {
    registry = await startService(registryService, config);
    const url = `${gateway.url}/graphql`;
    const created = await graphql<{ createModel: { name: string } }>(
      url,
      'mutation { createModel(input: { name: "fraud", description: "card fraud" }) { name } }',
    );
    expect(created.data?.createModel.name).toBe('fraud');
    const duplicate = await graphql(url, 'mutation { createModel(input: { name: "fraud" }) { name } }');
    expect(errorCodes(duplicate)).toEqual(['CONFLICT']);
    const empty = await graphql(url, 'mutation { createModel(input: { name: "" }) { name } }');
    expect(errorCodes(empty)).toEqual(['BAD_USER_INPUT']);
    const list = await graphql<{ models: { nodes: Array<{ name: string }> } }>(url, '{ models { nodes { name } } }');
    expect(list.data?.models.nodes).toEqual([{ name: 'fraud' }]);
    // One subgraph up, another down: each field answers for itself.
    const mixed = await graphql<{ registryService: { name: string } | null }>(url, '{ registryService { name } }');
    expect(mixed.data?.registryService?.name).toBe('registry');
    const down = await graphql(url, '{ trainingService { name } }');
    expect(errorCodes(down)).toEqual(['UNAVAILABLE']);
  });

  it('refuses a malformed query with GRAPHQL_PARSE_FAILED and an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const url = `${gateway.url}/graphql`;
    expect(errorCodes(await graphql(url, '{ models { '))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(errorCodes(await graphql(url, '{ nope }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
