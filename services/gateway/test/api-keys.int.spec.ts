import { hashApiKey } from '@ferry/contracts';
import { openDatabase, type Database } from '@ferry/persistence';
import { cleanUpTest, TEST_DIALECTS, testConfig, uniquePrefix } from '@ferry/testing';

import { ApiKeys } from '../src/domain/api-keys';
import { gatewayDatabase, TypeOrmApiKeyStore } from '../src/store';

describe.each(TEST_DIALECTS)('API keys on %s', (dialect) => {
  const prefix = uniquePrefix(`gateway-keys-${dialect}`);
  const config = testConfig(prefix, dialect);
  let db: Database;
  let keys: ApiKeys;
  const revoked: string[] = [];

  beforeAll(async () => {
    db = await openDatabase({ ...gatewayDatabase, service: 'gateway', config });
    await db.migrate();
    keys = new ApiKeys(new TypeOrmApiKeyStore(db), { cacheMs: 60_000, revoked: (hash) => revoked.push(hash) });
  });

  afterAll(async () => {
    await db.close();
    await cleanUpTest(prefix, config);
  });

  it('creates a bootstrap admin key once, and stores only its hash', async () => {
    expect(await keys.bootstrap(undefined, false)).toBeUndefined();
    const secret = await keys.bootstrap(undefined, true);
    expect(secret).toMatch(/^fry_[A-Za-z0-9_-]{43}$/);
    expect(await keys.bootstrap(undefined, true)).toBeUndefined();
    expect(await keys.authenticate(secret ?? '')).toEqual({ id: 'admin', role: 'admin' });
    const rows = await db.dataSource.query('SELECT * FROM api_keys');
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0].key_hash).toBe(hashApiKey(secret ?? ''));
  });

  it('takes FERRY_ADMIN_KEY as another admin key, once, and refuses a short one', async () => {
    await keys.bootstrap('fry_configured-admin-key', true);
    await keys.bootstrap('fry_configured-admin-key', true);
    expect(await keys.authenticate('fry_configured-admin-key')).toEqual({ id: 'admin-2', role: 'admin' });
    await expect(keys.bootstrap('short', true)).rejects.toThrow(/FERRY_ADMIN_KEY/);
  });

  it('creates, lists and revokes keys; a revoked key is refused at once and announced', async () => {
    const actor = { id: 'admin', role: 'admin' } as const;
    const { key, secret } = await keys.create({ name: 'batch-jobs', role: 'operator' }, actor);
    expect(key).toMatchObject({ name: 'batch-jobs', role: 'operator', createdBy: 'admin', revokedAt: null });
    expect(await keys.authenticate(secret)).toEqual({ id: 'batch-jobs', role: 'operator' });
    await expect(keys.create({ name: 'batch-jobs', role: 'viewer' }, actor)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(keys.create({ name: 'bad name', role: 'viewer' }, actor)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect((await keys.list(false)).map((k) => k.name).sort()).toEqual(['admin', 'admin-2', 'batch-jobs']);
    const done = await keys.revoke(key.id, actor);
    expect(done).toMatchObject({ revokedBy: 'admin' });
    expect(done.revokedAt).toBeInstanceOf(Date);
    expect(revoked).toEqual([hashApiKey(secret)]);
    expect(await keys.authenticate(secret)).toBeNull();
    expect((await keys.revoke(key.id, actor)).revokedAt).toEqual(done.revokedAt);
    expect((await keys.list(false)).map((k) => k.name)).not.toContain('batch-jobs');
    expect((await keys.list(true)).map((k) => k.name)).toContain('batch-jobs');
    await expect(keys.create({ name: 'batch-jobs', role: 'operator' }, actor)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(keys.revoke('00000000-0000-0000-0000-000000000000', actor)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('never revokes the last admin key', async () => {
    const admins = (await keys.list(false)).filter((k) => k.role === 'admin');
    expect(admins).toHaveLength(2);
    await keys.revoke(admins[0]?.id ?? '', null);
    await expect(keys.revoke(admins[1]?.id ?? '', null)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
