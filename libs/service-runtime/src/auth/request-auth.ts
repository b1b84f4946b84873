import type * as http from 'node:http';

import { bearerKeyOf, ErrorCode, FerryError, roleAtLeast, type Identity, type Role } from '@ferry/contracts';

import { verifyIdentity, type IdentityRefusal } from './identity';
import type { KeyVerifier } from './key-verifier';

/** Who may call a route: anyone (`public`), or an identity with at least that role. */
export type Access = 'public' | Role;

/**
 * How a service identifies a request. With FERRY_AUTH=on: GraphQL needs the gateway's signed identity; REST routes
 * take that or an API key (`Authorization: Bearer`), which the gateway confirms. With FERRY_AUTH=off a valid
 * signature still names the caller, and nothing is refused.
 */
export class RequestAuth {
  constructor(
    private readonly auth: boolean,
    private readonly secret: string | undefined,
    private readonly keys: KeyVerifier | undefined,
  ) {}

  /** Whether FERRY_AUTH is on. */
  get enabled(): boolean {
    return this.auth;
  }

  /** The identity of a request to `/graphql`: UNAUTHENTICATED without a valid signature when auth is on. */
  graphql(req: http.IncomingMessage): Identity | null {
    const check = this.secret === undefined ? undefined : verifyIdentity(this.secret, req.headers);
    if (check?.ok === true) {
      return check.identity;
    }
    if (this.auth) {
      throw unauthenticated(check?.ok === false ? check.reason : 'missing', false);
    }
    return null;
  }

  /** The identity of a request to a REST route that needs at least `access`; throws UNAUTHENTICATED / FORBIDDEN. */
  async route(req: http.IncomingMessage, access: Access): Promise<Identity | null> {
    if (access === 'public') {
      return null;
    }
    const check = this.secret === undefined ? undefined : verifyIdentity(this.secret, req.headers);
    if (!this.auth) {
      return check?.ok === true ? check.identity : null;
    }
    let identity: Identity | null = check?.ok === true ? check.identity : null;
    const key = identity === null ? bearerKeyOf(req.headers.authorization) : undefined;
    if (key !== undefined) {
      identity = this.keys === undefined ? null : await this.keys.verify(key);
      if (identity === null) {
        throw new FerryError(ErrorCode.UNAUTHENTICATED, 'the API key is not valid (unknown or revoked)');
      }
    }
    if (identity === null) {
      throw unauthenticated(check?.ok === false ? check.reason : 'missing', true);
    }
    if (!roleAtLeast(identity.role, access)) {
      throw new FerryError(ErrorCode.FORBIDDEN, `this needs the ${access} role; the key has ${identity.role}`);
    }
    return identity;
  }
}

function unauthenticated(reason: IdentityRefusal, keys: boolean): FerryError {
  const how = keys ? 'send "Authorization: Bearer <api key>"' : 'call it through the gateway';
  const why = reason === 'missing' ? 'carries no identity' : `carries an identity that is not valid (${reason})`;
  return new FerryError(ErrorCode.UNAUTHENTICATED, `the request ${why}: ${how}`);
}
