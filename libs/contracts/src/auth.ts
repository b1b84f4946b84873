import { createHash } from 'node:crypto';

/**
 * The roles an API key carries, weakest first: `viewer` reads (queries, subscriptions), `operator` also runs the
 * platform (predictions, feedback, deployments, aliases, batch jobs, training runs…), `admin` may do everything,
 * including command trainers and API keys. The gateway authenticates keys and signs `{id, role}` to the services.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request comes from, as the gateway verified it: the API key's name (or a service's) and its role. */
export interface Identity {
  id: string;
  role: Role;
}

/** Whether `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` is at least as strong as `minimum`. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** An API key as stored and compared: the hex SHA-256 of the whole key (keys are high-entropy, so no salt is needed). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The API key of an `Authorization: Bearer <key>` header value, or undefined. */
export function bearerKeyOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}

/**
 * The gateway's NATS subjects (core NATS, captured by no stream): services ask the gateway to check an API key
 * (request/reply, queue group `gateway`, body `{hash}`, reply `{identity}` or `{identity: null}`), and the gateway
 * announces revoked keys (`{hash}`) so that caches drop them at once.
 */
export function authSubjectsFor(prefix: string) {
  return {
    verifyKey: `${prefix}.gateway.keys.verify`,
    keyRevoked: `${prefix}.gateway.keys.revoked`,
  } as const;
}
