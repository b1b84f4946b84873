import { conflict, isRole, notFound, type Role } from '@ferry/contracts';
import type { Database } from '@ferry/persistence';
import { IsNull } from 'typeorm';

import type { ApiKey, ApiKeyStore } from '../domain/api-key';
import { ApiKeyRow } from './entities';

/** ApiKeyStore on TypeORM: the same code on SQLite and PostgreSQL. */
export class TypeOrmApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: Database) {}

  private get keys() {
    return this.db.dataSource.getRepository(ApiKeyRow);
  }

  async create(key: ApiKey): Promise<void> {
    try {
      await this.db.transaction((manager) => manager.insert(ApiKeyRow, toRow(key)));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(`an API key named "${key.name}" already exists (names are never reused)`);
      }
      throw error;
    }
  }

  async byHash(hash: string): Promise<ApiKey | undefined> {
    const row = await this.keys.findOneBy({ keyHash: hash });
    return row === null ? undefined : toKey(row);
  }

  async byId(id: string): Promise<ApiKey | undefined> {
    const row = await this.keys.findOneBy({ id });
    return row === null ? undefined : toKey(row);
  }

  async list(): Promise<ApiKey[]> {
    return (await this.keys.find({ order: { createdAt: 'DESC', name: 'ASC' } })).map(toKey);
  }

  async revoke(id: string, at: Date, by: string | null): Promise<ApiKey> {
    return this.db.transaction(async (manager) => {
      await manager.update(ApiKeyRow, { id, revokedAt: IsNull() }, { revokedAt: at.toISOString(), revokedBy: by });
      const row = await manager.findOneBy(ApiKeyRow, { id });
      if (row === null) {
        throw notFound(`no API key with id ${id}`);
      }
      return toKey(row);
    });
  }

  count(): Promise<number> {
    return this.keys.count();
  }

  countActive(role: Role): Promise<number> {
    return this.keys.countBy({ role, revokedAt: IsNull() });
  }
}

function toRow(key: ApiKey): ApiKeyRow {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    keyHash: key.hash,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    revokedBy: key.revokedBy,
  };
}

function toKey(row: ApiKeyRow): ApiKey {
  if (!isRole(row.role)) {
    throw new Error(`API key ${row.id} has an unknown role "${row.role}"`);
  }
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    hash: row.keyHash,
    createdAt: new Date(row.createdAt),
    createdBy: row.createdBy,
    revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt),
    revokedBy: row.revokedBy,
  };
}

/** True for a unique-constraint violation on PostgreSQL (23505) or SQLite. */
function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } }).driverError ?? (error as { code?: string });
  const code = driverError.code ?? '';
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
