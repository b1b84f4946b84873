import { internalSecretOf, signIdentity, SIGNATURE_MAX_AGE_MS } from '@ferry/service-runtime';
import { errorCodes, graphql, type GraphQLResponse } from '@ferry/testing';

import { ADMIN_KEY, bearer, call, createKey, ok, uploadWith, until, useGatewayPlatform } from './support';

interface Key {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdBy: string | null;
  revokedAt: string | null;
}

const KEY_FIELDS = 'id name role prefix createdBy revokedAt';

describe('API keys, roles and signed identities (FERRY_AUTH=on)', () => {
  const platform = useGatewayPlatform('gateway-auth', { services: ['registry', 'inference'] });
  let viewer: string;
  let operator: string;

  beforeAll(async () => {
    viewer = await createKey(platform, 'dashboards', 'viewer');
    operator = await createKey(platform, 'ci-pipeline', 'operator');
  });

  it('refuses a request without a key, or with a wrong one, as UNAUTHENTICATED (401)', async () => {
    for (const key of [undefined, 'fry_not-a-key', `${ADMIN_KEY}x`]) {
      const response = await fetch(platform.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(key) },
        body: JSON.stringify({ query: '{ models { totalCount } }' }),
      });
      expect(response.status).toBe(401);
      expect(errorCodes((await response.json()) as never)).toEqual(['UNAUTHENTICATED']);
    }
    const basic = await graphql(platform.url, '{ models { totalCount } }', {}, { authorization: `Basic ${ADMIN_KEY}` });
    expect(errorCodes(basic)).toEqual(['UNAUTHENTICATED']);
  });

  it('lets a viewer query and refuses its mutations as FORBIDDEN, before any subgraph writes', async () => {
    expect(ok(await call<{ models: { totalCount: number } }>(platform, viewer, '{ models { totalCount } }'))).toEqual({
      models: { totalCount: 0 },
    });
    const response = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(viewer) },
      body: JSON.stringify({ query: 'mutation { createModel(input: { name: "churn" }) { id } }' }),
    });
    expect(response.status).toBe(403);
    const refused = (await response.json()) as GraphQLResponse;
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      field: 'createModel',
      requiredRole: 'operator',
    });
    expect(refused.data ?? null).toBeNull();
    // Through a fragment on the root, too.
    const sneaky = await call(
      platform,
      viewer,
      'mutation { ...M } fragment M on Mutation { createApiKey(input: { name: "mine", role: "admin" }) { secret } }',
    );
    expect(errorCodes(sneaky)).toEqual(['FORBIDDEN']);
    const models = ok(await call<{ models: { totalCount: number } }>(platform, viewer, '{ models { totalCount } }'));
    expect(models.models.totalCount).toBe(0);
  });

  it("records the operator key's name as the actor of what it writes", async () => {
    const created = ok(
      await call<{ createModel: { name: string; createdBy: string } }>(
        platform,
        operator,
        'mutation { createModel(input: { name: "churn" }) { name createdBy } }',
      ),
    );
    expect(created.createModel).toEqual({ name: 'churn', createdBy: 'ci-pipeline' });
    const who = ok(
      await call<{ viewer: { name: string; role: string } }>(platform, operator, '{ viewer { name role } }'),
    );
    expect(who.viewer).toEqual({ name: 'ci-pipeline', role: 'operator' });
  });

  it('keeps key management to admins: only they create, list and revoke keys', async () => {
    for (const key of [viewer, operator]) {
      expect(errorCodes(await call(platform, key, '{ apiKeys { id } }'))).toEqual(['FORBIDDEN']);
      expect(
        errorCodes(
          await call(platform, key, 'mutation { createApiKey(input: { name: "x", role: "viewer" }) { secret } }'),
        ),
      ).toEqual(['FORBIDDEN']);
    }
    const listed = ok(await call<{ apiKeys: Key[] }>(platform, ADMIN_KEY, `{ apiKeys { ${KEY_FIELDS} } }`));
    expect(listed.apiKeys.map((k) => [k.name, k.role, k.createdBy])).toEqual([
      ['ci-pipeline', 'operator', 'admin'],
      ['dashboards', 'viewer', 'admin'],
      ['admin', 'admin', 'FERRY_ADMIN_KEY'],
    ]);
    expect(listed.apiKeys[0]?.prefix).toBe(operator.slice(0, 10));
    const duplicate = await call(
      platform,
      ADMIN_KEY,
      'mutation { createApiKey(input: { name: "dashboards", role: "viewer" }) { secret } }',
    );
    expect(errorCodes(duplicate)).toEqual(['CONFLICT']);
    const badRole = await call(
      platform,
      ADMIN_KEY,
      'mutation { createApiKey(input: { name: "other", role: "root" }) { secret } }',
    );
    expect(errorCodes(badRole)).toEqual(['BAD_USER_INPUT']);
    const last = await call(platform, ADMIN_KEY, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', {
      id: listed.apiKeys[2]?.id,
    });
    expect(errorCodes(last)).toEqual(['CONFLICT']);
  });

  it('refuses a subgraph reached directly without a valid signature from the gateway', async () => {
    const registry = `${platform.services.registry?.url}/graphql`;
    const query = '{ models { totalCount } }';
    expect(errorCodes(await graphql(registry, query))).toEqual(['UNAUTHENTICATED']);
    // An API key is no way around the gateway either.
    expect(errorCodes(await graphql(registry, query, {}, bearer(ADMIN_KEY)))).toEqual(['UNAUTHENTICATED']);
    const identity = { id: 'mallory', role: 'admin' } as const;
    const forged = signIdentity('another-secret-of-at-least-32-characters', identity);
    expect(errorCodes(await graphql(registry, query, {}, forged))).toEqual(['UNAUTHENTICATED']);
    const secret = internalSecretOf(platform.config);
    const stale = signIdentity(secret, identity, Date.now() - SIGNATURE_MAX_AGE_MS - 1000);
    expect(errorCodes(await graphql(registry, query, {}, stale))).toEqual(['UNAUTHENTICATED']);
    const tampered = { ...signIdentity(secret, { id: 'mallory', role: 'viewer' }) };
    tampered['x-ferry-actor'] = (tampered['x-ferry-actor'] ?? '').replace('.viewer.', '.admin.');
    expect(errorCodes(await graphql(registry, query, {}, tampered))).toEqual(['UNAUTHENTICATED']);
    const signed = await graphql<{ models: { totalCount: number } }>(
      registry,
      query,
      {},
      signIdentity(secret, identity),
    );
    expect(signed.errors).toBeUndefined();
    expect(signed.data?.models.totalCount).toBe(1);
  });

  it('protects the direct REST paths with API keys: uploads need an operator, V2 inference an operator', async () => {
    expect((await uploadWith(platform, 'a,b\n1,2\n')).status).toBe(401);
    expect((await uploadWith(platform, 'a,b\n1,2\n', 'fry_wrong')).status).toBe(401);
    expect((await uploadWith(platform, 'a,b\n1,2\n', viewer)).status).toBe(403);
    const uploaded = await uploadWith(platform, 'a,b\n1,2\n', operator);
    expect(uploaded.status).toBe(201);
    const { sha256 } = (await uploaded.json()) as { sha256: string };
    const registry = platform.services.registry?.url ?? '';
    expect((await fetch(`${registry}/artifacts/${sha256}`)).status).toBe(401);
    const read = await fetch(`${registry}/artifacts/${sha256}`, { headers: bearer(viewer) });
    expect(read.status).toBe(200);
    expect(await read.text()).toBe('a,b\n1,2\n');
    expect((await fetch(`${registry}/healthz`)).status).toBe(200);

    const inference = platform.services.inference?.url ?? '';
    const infer = (key?: string) =>
      fetch(`${inference}/v2/models/none/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(key) },
        body: JSON.stringify({ inputs: [{ name: 'X', shape: [1, 1], datatype: 'FP32', data: [1] }] }),
      });
    const anonymous = await infer();
    expect(anonymous.status).toBe(401);
    expect(typeof ((await anonymous.json()) as { error: unknown }).error).toBe('string');
    expect((await infer(viewer)).status).toBe(403);
    expect((await infer(operator)).status).toBe(404);
    expect((await fetch(`${inference}/v2/models/none`, { headers: bearer(viewer) })).status).toBe(404);
    expect((await fetch(`${inference}/v2/health/live`)).status).toBe(200);
    expect((await fetch(`${inference}/metrics`)).status).toBe(200);
  });

  it('revokes a key at once: at the gateway and on the direct paths of the services', async () => {
    const doomed = await createKey(platform, 'short-lived', 'operator');
    expect((await uploadWith(platform, 'x\n1\n', doomed)).status).toBe(201);
    const keys = ok(await call<{ apiKeys: Key[] }>(platform, ADMIN_KEY, '{ apiKeys { id name } }'));
    const id = keys.apiKeys.find((k) => k.name === 'short-lived')?.id;
    const revoked = ok(
      await call<{ revokeApiKey: Key }>(
        platform,
        ADMIN_KEY,
        `mutation($id: ID!) { revokeApiKey(id: $id) { ${KEY_FIELDS} } }`,
        {
          id,
        },
      ),
    );
    expect(revoked.revokeApiKey.revokedAt).not.toBeNull();
    expect(errorCodes(await call(platform, doomed, '{ models { totalCount } }'))).toEqual(['UNAUTHENTICATED']);
    // The registry had remembered the key; the revocation announced on NATS makes it forget.
    await until(async () => (await uploadWith(platform, 'x\n1\n', doomed)).status === 401, 5000);
    const all = ok(await call<{ apiKeys: Key[] }>(platform, ADMIN_KEY, '{ apiKeys(includeRevoked: true) { name } }'));
    expect(all.apiKeys.map((k) => k.name)).toContain('short-lived');
  });
});
