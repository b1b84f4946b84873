import * as os from 'node:os';
import * as path from 'node:path';

import { dataSourceOptions, schemaNameFor } from './database';

describe('database selection', () => {
  const dataDir = path.join(os.tmpdir(), 'ferry-db-spec');

  it('uses a SQLite file per service in FERRY_DATA_DIR when DATABASE_URL is unset', () => {
    const chosen = dataSourceOptions({
      service: 'registry',
      config: { dataDir, databaseUrl: undefined, dbSchemaPrefix: '' },
      entities: [],
      migrations: [],
    });
    expect(chosen.dialect).toBe('sqlite');
    expect(chosen.location).toBe(path.join(dataDir, 'registry.sqlite'));
    expect(chosen.options).toMatchObject({ type: 'better-sqlite3', synchronize: false });
  });

  it('uses PostgreSQL with one schema per service when DATABASE_URL is set', () => {
    const chosen = dataSourceOptions({
      service: 'training',
      config: { dataDir, databaseUrl: 'postgres://u@h:5432/db', dbSchemaPrefix: 'staging_' },
      entities: [],
      migrations: [],
    });
    expect(chosen.dialect).toBe('postgres');
    expect(chosen.location).toBe('staging_training');
    expect(chosen.options).toMatchObject({ type: 'postgres', schema: 'staging_training', synchronize: false });
    expect(schemaNameFor('registry', '')).toBe('registry');
  });
});
