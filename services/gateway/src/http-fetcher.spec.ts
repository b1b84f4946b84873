import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { freePort } from '@ferry/testing';

import { createHttpFetcher } from './http-fetcher';

describe('createHttpFetcher', () => {
  const fetcher = createHttpFetcher();
  let server: http.Server;
  let base: string;
  const seen: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string; port: number }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ url: req.url ?? '', headers: req.headers, body, port: req.socket.remotePort ?? 0 });
        res.writeHead(req.url === '/missing' ? 404 : 200, [
          ['content-type', 'application/json'],
          ['x-part', 'a'],
          ['x-part', 'b'],
        ]);
        res.end(JSON.stringify({ echo: body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    fetcher.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the body with its length and answers status, headers and body', async () => {
    const body = JSON.stringify({ query: '{ é }' });
    const response = await fetcher(`${base}/graphql?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trace': 'on' },
      body,
    });
    const request = seen.at(-1);
    expect(request?.url).toBe('/graphql?x=1');
    expect(request?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(request?.headers['x-trace']).toBe('on');
    expect(request?.body).toBe(body);
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.get('x-part')).toBe('a, b');
    expect(response.headers.has('x-none')).toBe(false);
    response.headers.set('X-Part', 'c');
    expect([...response.headers]).toContainEqual(['x-part', 'c']);
    expect(await response.json()).toEqual({ echo: body });
  });

  it('answers a failed status as a response, not a rejection', async () => {
    const response = await fetcher(`${base}/missing`, { method: 'POST', body: '{}' });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('{"echo":"{}"}');
  });

  it('keeps connections alive between requests', async () => {
    const before = seen.length;
    for (let i = 0; i < 3; i++) {
      await (await fetcher(`${base}/graphql`, { method: 'POST', body: '{}' })).text();
    }
    expect(new Set(seen.slice(before).map((r) => r.port)).size).toBe(1);
  });

  it('rejects when nothing listens', async () => {
    await expect(
      fetcher(`http://127.0.0.1:${await freePort()}/graphql`, { method: 'POST', body: '{}' }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
