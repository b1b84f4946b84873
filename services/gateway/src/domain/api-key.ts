import { randomBytes } from 'node:crypto';

import type { Role } from '@ferry/contracts';

/** An API key as the gateway keeps it: never the secret, only its SHA-256. */
export interface ApiKey {
  id: string;
  /** Unique and never reused, even after revocation: it is the actor recorded on every write made with the key. */
  name: string;
  role: Role;
  /** The first characters of the secret, to recognise a key in a list. */
  prefix: string;
  hash: string;
  createdAt: Date;
  createdBy: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

/** Where API keys are kept; implemented in store/. */
export interface ApiKeyStore {
  /** Adds a key; CONFLICT when its name (or hash) is taken. */
  create(key: ApiKey): Promise<void>;
  byHash(hash: string): Promise<ApiKey | undefined>;
  byId(id: string): Promise<ApiKey | undefined>;
  /** Every key, newest first. */
  list(): Promise<ApiKey[]>;
  /** Marks a key revoked, unless another change got there first; answers the key as it now is. */
  revoke(id: string, at: Date, by: string | null): Promise<ApiKey>;
  count(): Promise<number>;
  /** Keys with this role that are not revoked. */
  countActive(role: Role): Promise<number>;
}

/** What keys start with, so a leaked one is recognisable (e.g. by secret scanners). */
export const API_KEY_PREFIX = 'fry_';

/** A new secret: 256 random bits, base64url, behind the prefix. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The part of a secret shown in lists: the prefix and 6 characters. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, API_KEY_PREFIX.length + 6);
}
