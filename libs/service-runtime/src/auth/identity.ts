import { createHmac, timingSafeEqual } from 'node:crypto';

import { isRole, type Identity } from '@ferry/contracts';

/** The header carrying the identity the gateway verified: `v1.<unix ms>.<role>.<base64url id>`. */
export const ACTOR_HEADER = 'x-ferry-actor';
/** The hex HMAC-SHA256 of the actor header's value under the internal secret. */
export const SIGNATURE_HEADER = 'x-ferry-signature';
/** How old (or how far in the future, for clock skew) a signed identity may be: bounds the replay of a header. */
export const SIGNATURE_MAX_AGE_MS = 60_000;

/** The headers that carry `identity` to a service, signed now. */
export function signIdentity(secret: string, identity: Identity, now = Date.now()): Record<string, string> {
  const value = `v1.${now}.${identity.role}.${Buffer.from(identity.id, 'utf8').toString('base64url')}`;
  return { [ACTOR_HEADER]: value, [SIGNATURE_HEADER]: mac(secret, value) };
}

/** Why a request's identity was not accepted. */
export type IdentityRefusal = 'missing' | 'malformed' | 'bad signature' | 'expired';

export type IdentityCheck = { ok: true; identity: Identity } | { ok: false; reason: IdentityRefusal };

/** Checks the signed identity of a request's headers (names lower-case, as Node gives them). */
export function verifyIdentity(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  now = Date.now(),
): IdentityCheck {
  const actor = single(headers[ACTOR_HEADER]);
  const signature = single(headers[SIGNATURE_HEADER]);
  if (actor === undefined || signature === undefined) {
    return { ok: false, reason: 'missing' };
  }
  const expected = Buffer.from(mac(secret, actor), 'hex');
  const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad signature' };
  }
  const [version, at, role, id] = actor.split('.');
  const time = Number(at);
  if (version !== 'v1' || !Number.isInteger(time) || !isRole(role) || id === undefined || id === '') {
    return { ok: false, reason: 'malformed' };
  }
  if (Math.abs(now - time) > SIGNATURE_MAX_AGE_MS) {
    return { ok: false, reason: 'expired' };
  }
  return { ok: true, identity: { id: Buffer.from(id, 'base64url').toString('utf8'), role } };
}

function mac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
