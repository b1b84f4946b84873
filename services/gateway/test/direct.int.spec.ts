import { graphql, parsePrometheus } from '@ferry/testing';

import { ADMIN_KEY, bearer, createKey, deployTrainedModel, rows, useGatewayPlatform } from './support';

/** The same request through Apollo's query plan: the direct route leaves any request with `extensions` to it. */
function planned(url: string, query: string, variables: Record<string, unknown>, key: string) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(key) },
    body: JSON.stringify({ query, variables, extensions: {} }),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));
}

function direct(url: string, query: string, variables: Record<string, unknown>, key: string) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(key) },
    body: JSON.stringify({ query, variables }),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));
}

async function directCount(metricsUrl: string): Promise<number> {
  const families = parsePrometheus(await (await fetch(metricsUrl)).text());
  const family = families.get('ferry_gateway_direct_operations_total');
  return (family?.metrics ?? []).reduce((sum, metric) => sum + Number(metric.value ?? 0), 0);
}

describe('the direct route: operations one subgraph answers whole', () => {
  const platform = useGatewayPlatform('direct', { services: ['registry', 'inference'] });

  it('answers exactly as the query plan does — data, errors and codes — and is taken only where it may be', async () => {
    await deployTrainedModel(platform, 'churn', ADMIN_KEY);
    const viewer = await createKey(platform, 'reader', 'viewer');
    const metrics = `${platform.gateway.url}/metrics`;
    const before = await directCount(metrics);

    const row = rows(1, 7)[0];
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['{ models(first: 5) { totalCount nodes { name latestVersion { version status } } } }', {}, ADMIN_KEY],
      ['query($n: String!) { model(name: $n) { name aliases { name version } } }', { n: 'churn' }, ADMIN_KEY],
      ['query($n: String!) { model(name: $n) { name } }', { n: 'no-such-model' }, ADMIN_KEY],
      ['{ deployment(name: "churn") { name modelName traffic { alias version weight } } }', {}, ADMIN_KEY],
      [
        'mutation($r: JSON!) { predict(deployment: "churn", inputs: $r) { rows modelVersion { version } } }',
        { r: [row] },
        ADMIN_KEY,
      ],
      ['mutation($r: JSON!) { predict(deployment: "churn", inputs: $r) { rows } }', { r: [{ nope: 1 }] }, ADMIN_KEY],
      ['mutation { createModel(input: { name: "" }) { name } }', {}, ADMIN_KEY],
      ['mutation { createModel(input: { name: "churn" }) { name } }', {}, ADMIN_KEY],
      // A viewer may read but not predict: refused the same way on both routes.
      ['mutation($r: JSON!) { predict(deployment: "churn", inputs: $r) { rows } }', { r: [row] }, viewer],
      ['{ models(first: 500) { nodes { versions(first: 500) { nodes { id } } } } }', {}, ADMIN_KEY],
    ];
    for (const [query, variables, key] of cases) {
      const a = await direct(platform.url, query, variables, key);
      const b = await planned(platform.url, query, variables, key);
      expect({ query, ...a }).toEqual({ query, ...b });
    }
    // Read and predicted directly: the two models queries, model, NOT_FOUND model, deployment, both predicts and the
    // two createModel errors (the subgraph's own errors are answered as they are); the viewer's predict and the
    // too costly models query were refused by the gateway's checks, so they went through Apollo.
    expect((await directCount(metrics)) - before).toBe(8);

    // Operations that need more than one subgraph, or the gateway's own, or introspection, go through the plan.
    const federated = await graphql<{ deployment: { model: { name: string } } }>(
      platform.url,
      '{ deployment(name: "churn") { model { name description } } }',
      {},
      bearer(ADMIN_KEY),
    );
    expect(federated.data?.deployment.model.name).toBe('churn');
    await graphql(platform.url, '{ viewer { role } }', {}, bearer(ADMIN_KEY));
    await graphql(platform.url, '{ __schema { queryType { name } } }', {}, bearer(ADMIN_KEY));
    expect((await directCount(metrics)) - before).toBe(8);
  });
});
