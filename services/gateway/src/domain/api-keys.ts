import { randomUUID } from 'node:crypto';

import {
  badInput,
  conflict,
  ConfigError,
  ErrorCode,
  FerryError,
  hashApiKey,
  isRole,
  notFound,
  ROLES,
  validateResourceName,
  type Identity,
} from '@ferry/contracts';

import { displayPrefix, generateApiKey, type ApiKey, type ApiKeyStore } from './api-key';

export interface ApiKeysOptions {
  /** How long a checked key is remembered (revocations through this class or announced by others end it at once). */
  cacheMs: number;
  /** Called after a key is revoked, with its hash (to tell the services' caches). */
  revoked: (hash: string) => void;
}

/** The name of the first admin key. */
export const BOOTSTRAP_KEY_NAME = 'admin';
const MIN_ADMIN_KEY_LENGTH = 16;
const MAX_REMEMBERED = 10_000;

/** API keys: create, list, revoke, and check the key of a request. */
export class ApiKeys {
  private readonly remembered = new Map<string, { identity: Identity | null; expires: number }>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly options: ApiKeysOptions,
  ) {}

  /** Creates a key; the secret is in the answer and nowhere else. */
  async create(
    input: { name: string; role: string },
    actor: Identity | null,
  ): Promise<{ key: ApiKey; secret: string }> {
    const name = validateResourceName('name', input.name);
    if (!isRole(input.role)) {
      throw badInput(`role must be one of ${ROLES.join(', ')}, got "${input.role}"`, { field: 'role' });
    }
    const secret = generateApiKey();
    const key = this.newKey(name, input.role, secret, actor?.id ?? null);
    await this.store.create(key);
    return { key, secret };
  }

  /** Every key (newest first); revoked ones only when asked. */
  async list(includeRevoked: boolean): Promise<ApiKey[]> {
    const keys = await this.store.list();
    return includeRevoked ? keys : keys.filter((k) => k.revokedAt === null);
  }

  /** Revokes a key at once, everywhere; refuses to revoke the last admin key (nobody could manage keys again). */
  async revoke(id: string, actor: Identity | null): Promise<ApiKey> {
    const key = await this.store.byId(id);
    if (key === undefined) {
      throw notFound(`no API key with id ${id}`);
    }
    if (key.revokedAt !== null) {
      return key;
    }
    if (key.role === 'admin' && (await this.store.countActive('admin')) <= 1) {
      throw conflict('this is the last admin key: create another admin key before revoking it');
    }
    const revoked = await this.store.revoke(id, new Date(), actor?.id ?? null);
    this.forget(key.hash);
    this.options.revoked(key.hash);
    return revoked;
  }

  /** The identity of a presented key; null when it is unknown or revoked. */
  async authenticate(secret: string): Promise<Identity | null> {
    return this.identityOfHash(hashApiKey(secret));
  }

  /** The identity of a key's hash (what services send to have a key checked). */
  async identityOfHash(hash: string): Promise<Identity | null> {
    const now = Date.now();
    const cached = this.remembered.get(hash);
    if (cached !== undefined && cached.expires > now) {
      return cached.identity;
    }
    const key = await this.store.byHash(hash);
    const identity = key === undefined || key.revokedAt !== null ? null : { id: key.name, role: key.role };
    if (this.remembered.size >= MAX_REMEMBERED) {
      this.remembered.clear();
    }
    this.remembered.set(hash, { identity, expires: now + this.options.cacheMs });
    return identity;
  }

  /** Drops a remembered key (revoked here or by another gateway). */
  forget(hash: string): void {
    this.remembered.delete(hash);
  }

  /**
   * The first admin key. FERRY_ADMIN_KEY is stored (hashed) as an admin key the first time it is seen, and then
   * behaves like any other key (it can be revoked). Without it, a gateway with authentication on and no key at all
   * creates one and answers its secret, to be shown once.
   */
  async bootstrap(adminKey: string | undefined, auth: boolean): Promise<string | undefined> {
    if (adminKey !== undefined) {
      if (adminKey.length < MIN_ADMIN_KEY_LENGTH) {
        throw new ConfigError('FERRY_ADMIN_KEY', `must be at least ${MIN_ADMIN_KEY_LENGTH} characters`);
      }
      if ((await this.store.byHash(hashApiKey(adminKey))) === undefined) {
        await this.insertBootstrapKey(adminKey, 'FERRY_ADMIN_KEY');
      }
      return undefined;
    }
    if (!auth || (await this.store.count()) > 0) {
      return undefined;
    }
    const secret = generateApiKey();
    // Another gateway starting on the same database may win the race; it prints its own key.
    return (await this.insertBootstrapKey(secret, 'bootstrap')) ? secret : undefined;
  }

  private async insertBootstrapKey(secret: string, createdBy: string): Promise<boolean> {
    const taken = new Set((await this.store.list()).map((k) => k.name));
    let name = BOOTSTRAP_KEY_NAME;
    for (let n = 2; taken.has(name); n++) {
      name = `${BOOTSTRAP_KEY_NAME}-${n}`;
    }
    try {
      await this.store.create(this.newKey(name, 'admin', secret, createdBy));
      return true;
    } catch (error) {
      if (error instanceof FerryError && error.code === ErrorCode.CONFLICT) {
        return false;
      }
      throw error;
    }
  }

  private newKey(name: string, role: ApiKey['role'], secret: string, createdBy: string | null): ApiKey {
    return {
      id: randomUUID(),
      name,
      role,
      prefix: displayPrefix(secret),
      hash: hashApiKey(secret),
      createdAt: new Date(),
      createdBy,
      revokedAt: null,
      revokedBy: null,
    };
  }
}
