import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { FerryConfig } from '@ferry/contracts';

/** The file under FERRY_DATA_DIR holding the generated internal secret. */
export const INTERNAL_SECRET_FILE = 'internal-secret';

/**
 * The secret the gateway signs identities with and the services verify them with: FERRY_INTERNAL_SECRET, else
 * `FERRY_DATA_DIR/internal-secret`, created on first use. Processes that start together (`npm start` starts five
 * at once on one data directory) agree: the file is written aside and hard-linked into place, which only one of
 * them can win; the others read the winner's.
 */
export function internalSecretOf(config: Pick<FerryConfig, 'internalSecret' | 'dataDir'>): string {
  if (config.internalSecret !== undefined) {
    return config.internalSecret;
  }
  const file = path.join(config.dataDir, INTERNAL_SECRET_FILE);
  const existing = readSecret(file);
  if (existing !== undefined) {
    return existing;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(aside, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  try {
    fs.linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
  const secret = readSecret(file);
  if (secret === undefined) {
    throw new Error(`${file} holds no usable secret (at least 32 characters); delete it or set FERRY_INTERNAL_SECRET`);
  }
  return secret;
}

function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  const secret = text.trim();
  return secret.length >= 32 ? secret : undefined;
}
