import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { freePort } from '@ferry/testing';
import { GraphQLError } from 'graphql';

import { createHttpFetcher } from './http-fetcher';
import { SubgraphSource } from './subgraph-source';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  port: number;
}

/** A stand-in subgraph: records what it receives and answers what the test sets. */
async function fakeSubgraph(): Promise<{
  url: string;
  received: Received[];
  answer: { status: number; headers: Record<string, string>; body: string };
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const answer = { status: 200, headers: {} as Record<string, string>, body: '{"data":{"ok":true}}' };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        port: req.socket.remotePort ?? 0,
      });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    received,
    answer,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function operation(restricted: unknown[] = []): GraphQLDataSourceProcessOptions {
  return {
    kind: 'incoming operation',
    request: { query: 'query($id: ID!) { model(id: $id) { name } }', variables: { id: 'm1' }, operationName: 'M' },
    incomingRequestContext: { overallCachePolicy: { restrict: (hint: unknown) => restricted.push(hint) } },
    context: {},
  } as unknown as GraphQLDataSourceProcessOptions;
}

describe('SubgraphSource', () => {
  const fetcher = createHttpFetcher();
  let subgraph: Awaited<ReturnType<typeof fakeSubgraph>>;

  beforeEach(async () => {
    subgraph = await fakeSubgraph();
  });

  afterEach(async () => {
    await subgraph.close();
  });

  afterAll(() => fetcher.destroy());

  it("sends what Apollo's own path sends and answers the same", async () => {
    const source = new SubgraphSource('registry', subgraph.url, fetcher);
    const ours = await source.process(operation());
    const apollos = await RemoteGraphQLDataSource.prototype.process.call(source, operation());
    const [first, second] = subgraph.received as [Received, Received];
    expect(first.body).toBe(second.body);
    expect(JSON.parse(first.body)).toEqual({
      query: 'query($id: ID!) { model(id: $id) { name } }',
      variables: { id: 'm1' },
      operationName: 'M',
    });
    expect(first.method).toBe('POST');
    expect(first.url).toBe('/graphql');
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['content-length']).toBe(String(Buffer.byteLength(first.body)));
    expect(ours.data).toEqual({ ok: true });
    expect(ours.data).toEqual(apollos.data);
    expect(ours.http?.status).toBe(200);
  });

  it('keeps one connection open across calls', async () => {
    const source = new SubgraphSource('registry', subgraph.url, fetcher);
    for (let i = 0; i < 3; i++) {
      await source.process(operation());
    }
    expect(new Set(subgraph.received.map((r) => r.port)).size).toBe(1);
  });

  it("restricts the operation's cache policy by the subgraph's cache-control, like Apollo", async () => {
    const source = new SubgraphSource('registry', subgraph.url, fetcher);
    for (const header of [undefined, 'max-age=60, public', 'private, max-age="30"', 'max-age=soon']) {
      subgraph.answer.headers = header === undefined ? {} : { 'cache-control': header };
      const ours: unknown[] = [];
      const apollos: unknown[] = [];
      await source.process(operation(ours));
      await RemoteGraphQLDataSource.prototype.process.call(source, operation(apollos));
      expect(ours).toEqual(apollos);
    }
    subgraph.answer.headers = { 'cache-control': 'max-age=60, public' };
    const hints: unknown[] = [];
    await source.process(operation(hints));
    expect(hints).toEqual([{ maxAge: 60, scope: 'PUBLIC' }]);
  });

  it('answers UNAVAILABLE naming the service when the subgraph is down or answers 503', async () => {
    const down = new SubgraphSource('training', `http://127.0.0.1:${await freePort()}/graphql`, fetcher);
    const refused = await down.process(operation()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GraphQLError);
    expect((refused as GraphQLError).extensions).toEqual({ code: 'UNAVAILABLE', serviceName: 'training' });

    subgraph.answer.status = 503;
    const busy = await new SubgraphSource('registry', subgraph.url, fetcher)
      .process(operation())
      .catch((error: unknown) => error);
    expect((busy as GraphQLError).extensions).toEqual({ code: 'UNAVAILABLE', serviceName: 'registry' });
  });

  it("turns other HTTP failures into Apollo's errors (401 is UNAUTHENTICATED)", async () => {
    subgraph.answer.status = 401;
    subgraph.answer.body = '{"errors":[{"message":"no key"}]}';
    const error = await new SubgraphSource('registry', subgraph.url, fetcher)
      .process(operation())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).message).toBe('401: Unauthorized');
    expect((error as GraphQLError).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('passes GraphQL errors of a 200 answer through for the gateway to attribute', async () => {
    subgraph.answer.body = '{"data":null,"errors":[{"message":"exists","extensions":{"code":"CONFLICT"}}]}';
    const answer = await new SubgraphSource('registry', subgraph.url, fetcher).process(operation());
    expect(answer.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
