import { errorCodes, graphql } from '@ferry/testing';

import { subscribe, useGatewayPlatform } from './support';

const UNREACHED = 'UNAVAILABLE';

describe('GraphQL limits at the gateway: refused before any subgraph is called', () => {
  // No service runs: an operation that got past the gateway's checks would answer UNAVAILABLE.
  const platform = useGatewayPlatform('gateway-limits', {
    env: { FERRY_AUTH: 'off' },
    settings: { maxDepth: 4, maxCost: 200, bodyLimitBytes: 4096, introspection: false },
  });

  it('passes an operation within the limits on to the subgraph', async () => {
    expect(errorCodes(await graphql(platform.url, '{ models(first: 5) { nodes { name } } }'))).toEqual([UNREACHED]);
  });

  it('refuses an operation deeper than the limit with GRAPHQL_VALIDATION_FAILED (400)', async () => {
    const deep = '{ models { nodes { versions { nodes { model { name } } } } } }';
    const response = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: deep }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(body.errors[0]?.message).toMatch(/6 fields deep; the limit is 4/);
    // Depth counts through fragments.
    const viaFragment = '{ models { ...M } } fragment M on ModelConnection { nodes { versions { nodes { id } } } }';
    expect(errorCodes(await graphql(platform.url, viaFragment))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('refuses an operation costlier than the limit, counting page sizes given in variables', async () => {
    const query = 'query($n: Int) { models(first: $n) { nodes { name description } } }';
    expect(errorCodes(await graphql(platform.url, query, { n: 500 }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(errorCodes(await graphql(platform.url, query, { n: 20 }))).toEqual([UNREACHED]);
    const literal = await graphql(platform.url, '{ models(first: 150) { nodes { name } } }');
    expect(errorCodes(literal)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(literal.errors?.[0]?.extensions).toMatchObject({ cost: 301, limit: 200 });
  });

  it('refuses a body over the limit with 413 and introspection when it is off', async () => {
    const big = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ models { totalCount } } # ${'x'.repeat(5000)}` }),
    });
    expect(big.status).toBe(413);
    const introspection = await graphql(platform.url, '{ __schema { queryType { name } } }');
    expect(errorCodes(introspection)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect((await graphql(platform.url, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('applies the same limits to operations over WebSockets', async () => {
    const accepted = subscribe(
      platform,
      undefined,
      'subscription { predictions(deployment: "d") { id rows { inputs } } }',
    );
    const tooDeep = subscribe(
      platform,
      undefined,
      'query { models { nodes { versions { nodes { model { name } } } } } }',
    );
    const shallow = subscribe(platform, undefined, 'query { models(first: 5) { nodes { name } } }');
    const introspection = subscribe(platform, undefined, '{ __schema { queryType { name } } }');
    const codesOf = async (s: ReturnType<typeof subscribe>) => {
      const deadline = Date.now() + 5000;
      while (s.errors.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      return s.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
    };
    expect(await codesOf(tooDeep)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(await codesOf(shallow)).toEqual([UNREACHED]);
    expect(await codesOf(introspection)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    // A subscription within the limits is running: nothing refused it.
    expect(accepted.errors).toEqual([]);
    expect(await (await fetch(`${platform.gateway.url}/metrics`)).text()).toContain(
      'ferry_gateway_subscriptions{field="predictions"} 1',
    );
    for (const s of [accepted, tooDeep, shallow, introspection]) {
      await s.dispose();
    }
  });
});
