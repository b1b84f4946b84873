import { jetStreamName } from '@ferry/contracts';
import { errorCodes, graphql, readStream, TEST_DIALECTS, type StoredMessage } from '@ferry/testing';

import { useRegistry } from './support';

const CREATE = `mutation Create($input: CreateModelInput!) {
  createModel(input: $input) { id name description tags createdAt updatedAt createdBy }
}`;
const LIST = `query List($first: Int, $after: String) {
  models(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name } } nodes { name } }
}`;

interface ModelsPage {
  models: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{ name: string }>;
  };
}

describe.each(TEST_DIALECTS)('registry service on %s', (dialect) => {
  const registry = useRegistry('registry', dialect);

  const eventsStream = () => jetStreamName(registry.prefix, 'EVENTS');

  async function streamedEvents(): Promise<StoredMessage[]> {
    await registry.service.context.outbox?.flush();
    return readStream(eventsStream());
  }

  it('answers health and readiness', async () => {
    expect((await fetch(`${registry.service.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${registry.service.url}/readyz`);
    expect(ready.status).toBe(200);
    const info = await graphql<{ registryService: { name: string; ready: boolean; database: string } }>(
      registry.url,
      '{ registryService { name ready database version } }',
    );
    expect(info.data?.registryService).toMatchObject({ name: 'registry', ready: true, database: dialect });
  });

  it('creates a model and publishes ferry.registry.model.created once, with its id as Nats-Msg-Id', async () => {
    const created = await graphql<{ createModel: Record<string, unknown> }>(registry.url, CREATE, {
      input: { name: 'churn', description: 'Who leaves next month', tags: ['tabular', 'tabular', 'b2c'] },
    });
    expect(created.errors).toBeUndefined();
    const model = created.data?.createModel;
    expect(model).toMatchObject({
      name: 'churn',
      description: 'Who leaves next month',
      tags: ['tabular', 'b2c'],
      createdBy: null,
    });
    expect(model?.createdAt).toBe(model?.updatedAt);

    const events = (await streamedEvents()).filter((e) => e.subject === `${registry.prefix}.registry.model.created`);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.msgId).toBe(event?.body.id);
    expect(event?.body).toMatchObject({ type: 'registry.model.created', schemaVersion: 1, source: 'registry' });
    expect(event?.body.data).toMatchObject({ id: model?.id, name: 'churn', tags: ['tabular', 'b2c'] });
  });

  it('refuses a duplicate name with CONFLICT and an empty or unsafe one with BAD_USER_INPUT, changing nothing', async () => {
    const before = await streamedEvents();
    const duplicate = await graphql(registry.url, CREATE, { input: { name: 'churn' } });
    expect(errorCodes(duplicate)).toEqual(['CONFLICT']);
    for (const name of ['', '   ', 'a.b', 'x y']) {
      const bad = await graphql(registry.url, CREATE, { input: { name } });
      expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(bad.errors?.[0]?.message).toMatch(/name/);
    }
    const missingArgument = await graphql(registry.url, 'mutation { createModel(input: {}) { id } }');
    expect(errorCodes(missingArgument)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const list = await graphql<ModelsPage>(registry.url, LIST);
    expect(list.data?.models.totalCount).toBe(1);
    expect(await streamedEvents()).toHaveLength(before.length);
  });

  it('lets exactly one of many concurrent creations of a name win', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => graphql(registry.url, CREATE, { input: { name: 'race' } })),
    );
    const codes = results.map((r) => (r.errors === undefined ? 'OK' : errorCodes(r)[0]));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(7);
  });

  it('pages through models by name with cursors', async () => {
    for (const name of ['alpha', 'beta', 'gamma']) {
      expect((await graphql(registry.url, CREATE, { input: { name } })).errors).toBeUndefined();
    }
    const first = await graphql<ModelsPage>(registry.url, LIST, { first: 2 });
    expect(first.data?.models.nodes.map((n) => n.name)).toEqual(['alpha', 'beta']);
    expect(first.data?.models.pageInfo.hasNextPage).toBe(true);
    expect(first.data?.models.totalCount).toBe(5);
    const rest = await graphql<ModelsPage>(registry.url, LIST, {
      first: 10,
      after: first.data?.models.pageInfo.endCursor,
    });
    expect(rest.data?.models.nodes.map((n) => n.name)).toEqual(['churn', 'gamma', 'race']);
    expect(rest.data?.models.pageInfo.hasNextPage).toBe(false);
    expect(errorCodes(await graphql(registry.url, LIST, { first: 10, after: 'garbage' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await graphql(registry.url, LIST, { first: 100000 }))).toEqual(['BAD_USER_INPUT']);
  });

  it('answers model(name), and null with NOT_FOUND for an unknown one', async () => {
    const found = await graphql<{ model: { name: string } }>(
      registry.url,
      '{ model(name: "churn") { name description } }',
    );
    expect(found.data?.model).toEqual({ name: 'churn', description: 'Who leaves next month' });
    const missing = await graphql<{ model: null }>(registry.url, '{ model(name: "nope") { name } }');
    expect(missing.data?.model).toBeNull();
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });

  it('keeps its models across a restart without re-running migrations', async () => {
    await registry.restart();
    const list = await graphql<ModelsPage>(registry.url, LIST);
    expect(list.data?.models.nodes.map((n) => n.name)).toEqual(['alpha', 'beta', 'churn', 'gamma', 'race']);
    expect(await registry.service.context.db?.dataSource.showMigrations()).toBe(false);
  });
});
