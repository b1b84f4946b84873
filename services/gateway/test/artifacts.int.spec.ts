import { createHash } from 'node:crypto';

import { ADMIN_KEY, bearer, createKey, useGatewayPlatform } from './support';

describe("the gateway's artifact route", () => {
  const platform = useGatewayPlatform('artifacts', { services: ['registry'] });

  it('streams uploads to the registry and downloads back, with the registry deciding who may', async () => {
    const base = platform.gateway.url;
    const bytes = Buffer.from('a dataset,of,bytes\n1,2,3\n'.repeat(1000));
    const sha256 = createHash('sha256').update(bytes).digest('hex');

    const uploaded = await fetch(`${base}/artifacts`, { method: 'PUT', body: bytes, headers: bearer(ADMIN_KEY) });
    expect(uploaded.status).toBe(201);
    expect(await uploaded.json()).toEqual({ sha256, size: bytes.length });

    const viewer = await createKey(platform, 'reader', 'viewer');
    const downloaded = await fetch(`${base}/artifacts/${sha256}`, { headers: bearer(viewer) });
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('etag')).toBe(`"${sha256}"`);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
    const head = await fetch(`${base}/artifacts/${sha256}`, { method: 'HEAD', headers: bearer(viewer) });
    expect(head.headers.get('content-length')).toBe(String(bytes.length));

    // The registry's rules, unchanged by the hop: no key, a viewer uploading, a promise the bytes do not keep.
    expect((await fetch(`${base}/artifacts`, { method: 'PUT', body: bytes })).status).toBe(401);
    expect((await fetch(`${base}/artifacts`, { method: 'PUT', body: bytes, headers: bearer(viewer) })).status).toBe(
      403,
    );
    const broken = await fetch(`${base}/artifacts`, {
      method: 'PUT',
      body: bytes,
      headers: { ...bearer(ADMIN_KEY), 'x-ferry-sha256': '0'.repeat(64) },
    });
    expect(broken.status).toBe(400);
    expect((await fetch(`${base}/artifacts/${'f'.repeat(64)}`, { headers: bearer(viewer) })).status).toBe(404);
  });
});
