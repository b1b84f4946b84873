import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { loadConfig, type FerryConfig } from '@ferry/contracts';

import { TEST_DATABASE_URL } from './postgres';

export type TestDialect = 'sqlite' | 'postgres';

/** The dialects persistence tests run on: both, unless FERRY_TEST_DIALECTS narrows them. */
export const TEST_DIALECTS: TestDialect[] = (process.env.FERRY_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is TestDialect => d === 'sqlite' || d === 'postgres');

/**
 * A configuration for one test: its own NATS prefix, its own data directory, and on PostgreSQL its own
 * schema prefix (`<prefix>_`), so tests run in parallel against the machine's servers. Authentication is off
 * (`FERRY_AUTH=off`) so that tests call a service directly without the gateway; tests of authentication pass
 * `{ FERRY_AUTH: 'on' }` in `overrides`.
 */
export function testConfig(prefix: string, dialect: TestDialect, overrides: Record<string, string> = {}): FerryConfig {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  return loadConfig({
    NATS_URL: process.env.NATS_URL,
    FERRY_NATS_PREFIX: prefix,
    FERRY_DATA_DIR: dataDir,
    DATABASE_URL: dialect === 'postgres' ? TEST_DATABASE_URL : undefined,
    FERRY_DB_SCHEMA_PREFIX: `${prefix}_`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    FERRY_AUTH: 'off',
    ...overrides,
  });
}

/** Removes a test's data directory. */
export function removeDataDir(config: FerryConfig): void {
  fs.rmSync(config.dataDir, { recursive: true, force: true });
}
