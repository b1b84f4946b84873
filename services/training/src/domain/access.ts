import { ErrorCode, FerryError, type Role } from '@ferry/contracts';

/** The roles an identity may carry: the role of the API key the gateway verified and signed. */
export type { Role };

/** Who asks: an identity and its role, or nobody known. */
export interface Actor {
  id: string | null;
  /** null when the request carries no verified identity. */
  role: Role | null;
}

/** The actor of platform-internal work (triggers, schedules, workers). */
export const SYSTEM_ACTOR: Actor = { id: null, role: null };

/**
 * The one place that decides who may configure a command trainer (a command runs arbitrary code on training
 * workers): admins only. With FERRY_AUTH=off every request is treated as an admin (see `requestActor`); with auth
 * on, a request needs the verified identity of an admin key, which the gateway signs.
 */
export function mayConfigureCommands(actor: Actor): boolean {
  return actor.role === 'admin';
}

/** Throws FORBIDDEN unless the actor may configure command trainers. */
export function requireCommandPermission(actor: Actor): void {
  if (!mayConfigureCommands(actor)) {
    throw new FerryError(ErrorCode.FORBIDDEN, 'only admins may configure a command trainer', {
      details: { field: 'trainer.command' },
    });
  }
}

/**
 * The actor of a request from what the transport verified. Without authentication every caller is an admin
 * (a local installation); with it, the verified identity's role (a request without one never gets this far).
 */
export function requestActor(auth: boolean, verified: { id: string; role: Role } | null): Actor {
  if (!auth) {
    return { id: verified?.id ?? null, role: 'admin' };
  }
  return verified === null ? { id: null, role: null } : { id: verified.id, role: verified.role };
}
