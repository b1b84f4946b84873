import { authSubjectsFor, ErrorCode, FerryError, hashApiKey, isRole, type Identity } from '@ferry/contracts';
import type { NatsConnection, Subscription } from 'nats';

export interface KeyVerifierOptions {
  /** How long a confirmed key is trusted without asking again (a revocation announced on NATS ends it at once). */
  ttlMs: number;
  /** How long an unknown key is remembered as unknown. */
  negativeTtlMs: number;
  timeoutMs: number;
  /** Most keys remembered; the oldest go first. */
  maxEntries: number;
}

const DEFAULTS: KeyVerifierOptions = { ttlMs: 30_000, negativeTtlMs: 5_000, timeoutMs: 2_000, maxEntries: 10_000 };

/**
 * Checks API keys that reach a service directly (V2 REST, artifact uploads) by asking the gateway over NATS — only
 * the key's hash travels — and remembers the answers for a short while. The gateway announces revocations, which
 * drop a remembered key at once.
 */
export class KeyVerifier {
  private readonly cache = new Map<string, { identity: Identity | null; expires: number }>();
  private readonly subjects;
  private readonly revoked: Subscription;
  private readonly options: KeyVerifierOptions;

  constructor(
    private readonly nc: NatsConnection,
    prefix: string,
    options: Partial<KeyVerifierOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.subjects = authSubjectsFor(prefix);
    this.revoked = nc.subscribe(this.subjects.keyRevoked, {
      callback: (error, message) => {
        if (error === null) {
          const hash = (message.json() as { hash?: unknown }).hash;
          if (typeof hash === 'string') {
            this.cache.delete(hash);
          }
        }
      },
    });
  }

  /** The identity of a key, null for an unknown or revoked one; UNAVAILABLE when the gateway does not answer. */
  async verify(key: string): Promise<Identity | null> {
    const hash = hashApiKey(key);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached !== undefined && cached.expires > now) {
      return cached.identity;
    }
    let reply: unknown;
    try {
      const message = await this.nc.request(this.subjects.verifyKey, JSON.stringify({ hash }), {
        timeout: this.options.timeoutMs,
      });
      reply = message.json();
    } catch (error) {
      throw new FerryError(ErrorCode.UNAVAILABLE, 'the gateway could not be asked about the API key; try again', {
        cause: error,
      });
    }
    const identity = identityOf(reply);
    this.remember(hash, identity, now + (identity === null ? this.options.negativeTtlMs : this.options.ttlMs));
    return identity;
  }

  stop(): void {
    this.revoked.unsubscribe();
    this.cache.clear();
  }

  private remember(hash: string, identity: Identity | null, expires: number): void {
    this.cache.delete(hash);
    if (this.cache.size >= this.options.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) {
        this.cache.delete(oldest);
      }
    }
    this.cache.set(hash, { identity, expires });
  }
}

function identityOf(reply: unknown): Identity | null {
  const identity = (reply as { identity?: { id?: unknown; role?: unknown } | null } | null)?.identity;
  if (identity === null || identity === undefined) {
    return null;
  }
  if (typeof identity.id !== 'string' || !isRole(identity.role)) {
    throw new FerryError(ErrorCode.UNAVAILABLE, 'the gateway answered the key check with something unexpected');
  }
  return { id: identity.id, role: identity.role };
}
