import * as fs from 'node:fs';
import * as path from 'node:path';

import type { FerryConfig } from '@ferry/contracts';
import { DataSource, type DataSourceOptions, type EntityManager, type MixedList, type QueryRunner } from 'typeorm';

/** The two SQL dialects Ferry runs on. */
export type Dialect = 'sqlite' | 'postgres';

// TypeORM takes classes and entity schemas; `Function` is the type it uses for both.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassList = MixedList<Function>;

export interface DatabaseOptions {
  /** The owning service: names the SQLite file and the PostgreSQL schema. */
  service: string;
  config: Pick<FerryConfig, 'dataDir' | 'databaseUrl' | 'dbSchemaPrefix'>;
  entities: ClassList;
  /** Oldest first; a migration that needs dialect-specific SQL asks `dialectOf(queryRunner)`. */
  migrations: ClassList;
  /** Overrides the PostgreSQL schema name (tests use a fresh one per run). */
  schema?: string;
}

/** A service's own database: a TypeORM data source with its migrations applied. */
export class Database {
  private migrated = false;
  /** SQLite has one connection: its transactions must not interleave, so they queue here. */
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dataSource: DataSource,
    readonly dialect: Dialect,
    /** PostgreSQL schema, or the SQLite file path. */
    readonly location: string,
  ) {}

  /** Applies pending migrations (in one transaction each); afterwards `ready()` can report true. */
  async migrate(): Promise<string[]> {
    if (this.dialect === 'postgres') {
      await createSchemaIfMissing(this.dataSource, this.location);
    }
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    this.migrated = true;
    return applied.map((m) => m.name);
  }

  /**
   * Runs `work` in a transaction. On PostgreSQL transactions run concurrently (row locks order them);
   * on SQLite, whose single connection cannot hold two, they run one after the other.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'postgres') {
      return this.dataSource.transaction(work);
    }
    const run = this.writeQueue.then(() => this.dataSource.transaction(work));
    this.writeQueue = run.catch(() => undefined);
    return run;
  }

  /** Reachable now and fully migrated: what /readyz reports. */
  async ready(): Promise<boolean> {
    if (!this.migrated || !this.dataSource.isInitialized) {
      return false;
    }
    await this.dataSource.query('SELECT 1');
    return true;
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }
}

/** The dialect a migration runs on. */
export function dialectOf(queryRunner: QueryRunner): Dialect {
  return queryRunner.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/** The PostgreSQL schema a service uses: the configured prefix, then the service's name. */
export function schemaNameFor(service: string, dbSchemaPrefix: string): string {
  return `${dbSchemaPrefix}${service}`.toLowerCase();
}

/** Builds the data source options for a service: PostgreSQL when DATABASE_URL is set, else a SQLite file. */
export function dataSourceOptions(options: DatabaseOptions): {
  dialect: Dialect;
  location: string;
  options: DataSourceOptions;
} {
  const { config } = options;
  if (config.databaseUrl !== undefined) {
    const schema = options.schema ?? schemaNameFor(options.service, config.dbSchemaPrefix);
    return {
      dialect: 'postgres',
      location: schema,
      options: {
        type: 'postgres',
        url: config.databaseUrl,
        schema,
        entities: options.entities,
        migrations: options.migrations,
        migrationsTableName: 'migrations',
        synchronize: false,
        // Raw SQL in migrations resolves unqualified names in the service's own schema.
        extra: { options: `-c search_path=${schema}`, max: 10, application_name: `ferry-${options.service}` },
      },
    };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, `${options.service}.sqlite`);
  return {
    dialect: 'sqlite',
    location: file,
    options: {
      type: 'better-sqlite3',
      database: file,
      entities: options.entities,
      migrations: options.migrations,
      migrationsTableName: 'migrations',
      synchronize: false,
      enableWAL: true,
      timeout: 5000,
    },
  };
}

/** Opens a service's database (not yet migrated: call `migrate()`). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const { dialect, location, options: dsOptions } = dataSourceOptions(options);
  const dataSource = new DataSource(dsOptions);
  await dataSource.initialize();
  return new Database(dataSource, dialect, location);
}

async function createSchemaIfMissing(dataSource: DataSource, schema: string): Promise<void> {
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    // Two replicas starting together can race on the catalogue; the schema exists either way.
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') {
      throw error;
    }
  }
}
