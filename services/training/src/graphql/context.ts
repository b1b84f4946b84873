import type { Actor } from '../domain/access';

/** What every resolver of the training service knows about the request. */
export interface RequestContext {
  actor: Actor;
}
