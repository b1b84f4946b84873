import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { jetStreamName, type FerryConfig } from '@ferry/contracts';
import { startService, type RunningService } from '@ferry/service-runtime';
import { cleanUpTest, earlyAnswer, testConfig, uniquePrefix } from '@ferry/testing';

import { registryService } from '../src/service';
import { FsArtifactStore, NatsArtifactStore } from '../src/store';
import { upload, uploaded } from './support';

const sha = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

describe.each(['fs', 'nats'] as const)('artifacts in the %s store', (store) => {
  const prefix = uniquePrefix(`artifacts-${store}`);
  let config: FerryConfig;
  let service: RunningService;

  beforeAll(async () => {
    config = testConfig(prefix, 'sqlite', {
      FERRY_ARTIFACT_STORE: store,
      FERRY_ARTIFACT_MAX_BYTES: String(4 * 1024 * 1024),
    });
    service = await startService(registryService, config, { port: 0 });
  });

  afterAll(async () => {
    await service.stop();
    await cleanUpTest(prefix, config);
  });

  it('stores an upload under its sha256 and streams it back with an ETag', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const result = await upload(service.url, bytes);
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ sha256: sha(bytes), size: bytes.length });

    const response = await fetch(`${service.url}/artifacts/${sha(bytes)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${sha(bytes)}"`);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);

    const cached = await fetch(`${service.url}/artifacts/${sha(bytes)}`, {
      headers: { 'if-none-match': `"${sha(bytes)}"` },
    });
    expect(cached.status).toBe(304);
    const head = await fetch(`${service.url}/artifacts/${sha(bytes)}`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
  });

  it('stores identical bytes once', async () => {
    const bytes = randomBytes(1000);
    const [a, b] = await Promise.all([uploaded(service.url, bytes), uploaded(service.url, bytes)]);
    expect(a).toBe(b);
    const stored = [];
    for await (const entry of storedArtifacts(service)) {
      stored.push(entry.sha256);
    }
    expect(stored.filter((s) => s === a)).toHaveLength(1);
  });

  it('refuses bytes that do not match the promised sha256, storing nothing', async () => {
    const bytes = randomBytes(500);
    const wrong = sha('something else');
    const promises: Array<Record<string, string>> = [
      { 'x-ferry-sha256': wrong },
      { digest: `sha-256=${Buffer.from(wrong, 'hex').toString('base64')}` },
    ];
    for (const headers of promises) {
      const result = await upload(service.url, bytes, headers);
      expect(result.status).toBe(400);
      expect(result.body.error?.code).toBe('BAD_USER_INPUT');
    }
    expect((await fetch(`${service.url}/artifacts/${sha(bytes)}`)).status).toBe(404);
    const right = await upload(service.url, bytes, { 'x-ferry-sha256': sha(bytes) });
    expect(right.status).toBe(201);
  });

  it('answers 413 past the size limit, declared or streamed, closing the connection, and stays up', async () => {
    const declared = await earlyAnswer(`${service.url}/artifacts`, 'PUT', 4 * 1024 * 1024 + 1, randomBytes(1024));
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe('close');
    expect(JSON.parse(declared.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    // No length declared: the limit is found while streaming, and nothing is stored.
    const big = randomBytes(4 * 1024 * 1024 + 1);
    const streamed = await fetch(`${service.url}/artifacts`, {
      method: 'PUT',
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit).then(
      (response) => response.status,
      () => 'reset after the refusal',
    );
    expect([413, 'reset after the refusal']).toContain(streamed);
    expect((await fetch(`${service.url}/artifacts/${sha(big)}`)).status).toBe(404);
    expect(fs.readdirSync(path.join(service.context.config.dataDir, 'artifacts', '.staging'))).toEqual([]);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });

  it('answers 404 for an unknown or malformed sha256', async () => {
    expect((await fetch(`${service.url}/artifacts/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await fetch(`${service.url}/artifacts/not-a-hash`)).status).toBe(404);
  });
});

/** Lists what the service's byte store holds, opening the same root or bucket it uses. */
async function* storedArtifacts(service: RunningService): AsyncIterable<{ sha256: string }> {
  const { config, js } = service.context;
  const staging = path.join(config.dataDir, 'artifacts', '.staging');
  const store =
    config.artifactStore === 'fs'
      ? new FsArtifactStore(path.join(config.dataDir, 'artifacts'))
      : new NatsArtifactStore(await js.views.os(jetStreamName(config.natsPrefix, 'ARTIFACTS')), staging);
  yield* store.list();
}
