import { authSubjectsFor } from '@ferry/contracts';
import type { Logger } from '@ferry/service-runtime';
import type { NatsConnection } from 'nats';

import type { ApiKeys } from '../domain/api-keys';

const HASH = /^[0-9a-f]{64}$/;

/**
 * Answers the services' API-key checks (`<prefix>.gateway.keys.verify`, queue group `gateway`: one gateway answers
 * each), and follows revocations announced by any gateway: the key is forgotten and `revoked` is called (to close
 * its subscriptions here).
 */
export function answerKeyChecks(
  nc: NatsConnection,
  natsPrefix: string,
  keys: ApiKeys,
  revoked: (hash: string) => void,
  logger: Logger,
): { stop(): void } {
  const subjects = authSubjectsFor(natsPrefix);
  const checks = nc.subscribe(subjects.verifyKey, {
    queue: 'gateway',
    callback: (error, message) => {
      if (error !== null) {
        logger.warn({ err: error }, 'API key checks failed');
        return;
      }
      const hash = readHash(message.data);
      const answer = hash === undefined ? Promise.resolve(null) : keys.identityOfHash(hash);
      answer.then(
        (identity) => message.respond(JSON.stringify({ identity })),
        (failure: unknown) => logger.error({ err: failure }, 'could not check an API key'),
      );
    },
  });
  const revocations = nc.subscribe(subjects.keyRevoked, {
    callback: (error, message) => {
      const hash = error === null ? readHash(message.data) : undefined;
      if (hash !== undefined) {
        keys.forget(hash);
        revoked(hash);
      }
    },
  });
  return {
    stop: () => {
      checks.unsubscribe();
      revocations.unsubscribe();
    },
  };
}

/** Tells every gateway and service that a key was revoked (core NATS: caches also expire on their own). */
export function announceRevocation(nc: NatsConnection, natsPrefix: string, hash: string): void {
  nc.publish(authSubjectsFor(natsPrefix).keyRevoked, JSON.stringify({ hash }));
}

function readHash(data: Uint8Array): string | undefined {
  try {
    const hash = (JSON.parse(new TextDecoder().decode(data)) as { hash?: unknown }).hash;
    return typeof hash === 'string' && HASH.test(hash) ? hash : undefined;
  } catch {
    return undefined;
  }
}
