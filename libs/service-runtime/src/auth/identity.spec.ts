import { createHmac } from 'node:crypto';

import { ACTOR_HEADER, SIGNATURE_HEADER, SIGNATURE_MAX_AGE_MS, signIdentity, verifyIdentity } from './identity';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('signed identities', () => {
  it('verifies what it signed, names included whatever their characters', () => {
    const identity = { id: 'équipe ops/ci.key', role: 'operator' } as const;
    expect(verifyIdentity(SECRET, signIdentity(SECRET, identity))).toEqual({ ok: true, identity });
  });

  it('refuses a missing, forged, tampered, stale or malformed identity', () => {
    const now = Date.now();
    const signed = signIdentity(SECRET, { id: 'viewer-key', role: 'viewer' }, now);
    expect(verifyIdentity(SECRET, {})).toEqual({ ok: false, reason: 'missing' });
    expect(verifyIdentity(SECRET, { [ACTOR_HEADER]: signed[ACTOR_HEADER] })).toEqual({ ok: false, reason: 'missing' });
    const forged = signIdentity('another-secret-of-at-least-32-characters!', { id: 'viewer-key', role: 'viewer' });
    expect(verifyIdentity(SECRET, forged)).toEqual({ ok: false, reason: 'bad signature' });
    const promoted = { ...signed, [ACTOR_HEADER]: (signed[ACTOR_HEADER] ?? '').replace('.viewer.', '.admin.') };
    expect(verifyIdentity(SECRET, promoted)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyIdentity(SECRET, { ...signed, [SIGNATURE_HEADER]: 'zz' })).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(verifyIdentity(SECRET, signed, now + SIGNATURE_MAX_AGE_MS + 1)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyIdentity(SECRET, signed, now - SIGNATURE_MAX_AGE_MS - 1)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyIdentity(SECRET, signed, now + SIGNATURE_MAX_AGE_MS).ok).toBe(true);
  });

  it('refuses a well-signed header of an unknown form', () => {
    const sign = (value: string) => ({
      [ACTOR_HEADER]: value,
      [SIGNATURE_HEADER]: createHmac('sha256', SECRET).update(value).digest('hex'),
    });
    for (const value of [
      `v2.${Date.now()}.admin.eA`,
      `v1.soon.admin.eA`,
      `v1.${Date.now()}.root.eA`,
      `v1.${Date.now()}.admin.`,
    ]) {
      expect(verifyIdentity(SECRET, sign(value))).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
