import type { FerryClient } from '../client/client';
import { ExitCode, FerryApiError } from '../client/errors';

export interface WatchOptions<Event, State> {
  client: FerryClient;
  /** The subscription and its variables. */
  query: string;
  variables: Record<string, unknown>;
  /** The state now (a query): read once the subscription is live, then every `pollMs` as a safety net. */
  fetch: () => Promise<State>;
  /** The state an event says (or undefined: the event is about something else). */
  fromEvent: (event: Event) => State | undefined;
  isFinal: (state: State) => boolean;
  onState: (state: State) => void;
  timeoutMs: number;
  pollMs?: number;
  what: string;
}

/**
 * Follows something to its final state from a subscription, reading its current state once the subscription is
 * live (so nothing that happened in between is missed) and then every few seconds (so a dropped event or a lost
 * connection costs a moment, not the watch). Answers the final state; a timeout is UNAVAILABLE.
 */
export async function watchUntilFinal<Event, State>(options: WatchOptions<Event, State>): Promise<State> {
  const subscription = options.client.subscribe<Event>(options.query, options.variables);
  let timer: NodeJS.Timeout | undefined;
  let poller: NodeJS.Timeout | undefined;
  try {
    return await new Promise<State>((resolve, reject) => {
      let settled = false;
      const consider = (state: State): void => {
        if (settled) {
          return;
        }
        options.onState(state);
        if (options.isFinal(state)) {
          settled = true;
          resolve(state);
        }
      };
      const poll = (): void => {
        options.fetch().then(consider, (error: unknown) => {
          settled = true;
          reject(error);
        });
      };
      timer = setTimeout(() => {
        settled = true;
        reject(new FerryApiError('UNAVAILABLE', `${options.what} did not finish within ${options.timeoutMs / 1000} s`));
      }, options.timeoutMs);
      poll();
      subscription.connected.then(
        () => {
          poll();
          poller = setInterval(poll, options.pollMs ?? 3000);
        },
        () => {
          // The subscription could not connect: polling alone still gets there.
          poller = setInterval(poll, options.pollMs ?? 1000);
        },
      );
      void (async () => {
        try {
          for await (const event of subscription) {
            const state = options.fromEvent(event);
            if (state !== undefined) {
              consider(state);
            }
            if (settled) {
              break;
            }
          }
        } catch (error) {
          if (error instanceof FerryApiError && error.exitCode === ExitCode.AUTH && !settled) {
            settled = true;
            reject(error);
          }
          // Other stream failures: the poll carries on.
        }
      })();
    });
  } finally {
    clearTimeout(timer);
    clearInterval(poller);
    subscription.close();
  }
}
