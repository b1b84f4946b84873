import type { Actor } from '../domain/model';

/** What every resolver of the registry knows about the request. */
export interface RequestContext {
  actor: Actor;
}
