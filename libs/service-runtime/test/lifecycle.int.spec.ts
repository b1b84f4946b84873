import { setTimeout as sleep } from 'node:timers/promises';

import type { FerryConfig } from '@ferry/contracts';
import { cleanUpTest, earlyAnswer, graphql, testConfig, uniquePrefix } from '@ferry/testing';
import { Query, Resolver } from 'type-graphql';

import { startService, type ServiceDefinition } from '../src/lifecycle';
import { buildServiceSchema, createGraphQLServer, ResolverContainer } from '../src/subgraph';

@Resolver()
class SlowResolver {
  @Query(() => String)
  async slow(): Promise<string> {
    await sleep(600);
    return 'finished';
  }

  @Query(() => String)
  async broken(): Promise<string> {
    throw new Error('database password is hunter2');
  }
}

const slowService: ServiceDefinition = {
  name: 'training',
  async setup(ctx) {
    const container = new ResolverContainer().register(SlowResolver, new SlowResolver());
    const schema = await buildServiceSchema({
      serviceName: 'training',
      info: () => ctx,
      resolvers: [SlowResolver],
      container,
    });
    return { apollo: createGraphQLServer(schema, ctx), context: async () => ({}) };
  },
};

describe('service lifecycle', () => {
  const prefix = uniquePrefix('lifecycle');
  let config: FerryConfig;

  beforeAll(() => {
    config = testConfig(prefix, 'sqlite');
  });

  afterAll(async () => {
    await cleanUpTest(prefix, config);
  });

  it('finishes requests in flight on shutdown, then refuses new connections', async () => {
    const service = await startService(slowService, config, { port: 0 });
    const inFlight = graphql<{ slow: string }>(`${service.url}/graphql`, '{ slow }');
    await sleep(100);
    const begun = Date.now();
    await service.stop();
    expect(Date.now() - begun).toBeLessThan(5000);
    expect((await inFlight).data?.slow).toBe('finished');
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
  });

  it('hides unexpected errors behind INTERNAL and stays up', async () => {
    const service = await startService(slowService, config, { port: 0 });
    try {
      const response = await graphql(`${service.url}/graphql`, '{ broken }');
      expect(response.errors?.[0]?.extensions?.code).toBe('INTERNAL');
      expect(JSON.stringify(response)).not.toContain('hunter2');
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      const notJson = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{not json',
      });
      expect(notJson.status).toBe(400);
      const unknownRoute = await fetch(`${service.url}/nowhere`);
      expect(unknownRoute.status).toBe(404);
      const tooLarge = await earlyAnswer(
        `${service.url}/graphql`,
        'POST',
        2 * 1024 * 1024,
        Buffer.from('{"query":"{ slow }'),
      );
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers.connection).toBe('close');
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    } finally {
      await service.stop();
    }
  });
});
