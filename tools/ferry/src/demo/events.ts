import type { FerryClient, Subscription } from '../client/client';

import { StepFailure, within } from './story';

interface Waiter<T> {
  from: number;
  predicate: (event: T) => boolean;
  resolve: (event: T) => void;
  reject: (error: Error) => void;
}

/**
 * Everything a subscription delivered since it opened, read in the background, so a step can wait for an event
 * that may already have arrived (or that arrives later) without racing the stream.
 */
export class EventLog<T> {
  readonly events: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();
  private failure: Error | undefined;

  private constructor(
    private readonly subscription: Subscription<Record<string, T>>,
    private readonly field: string,
  ) {}

  /** Subscribes to the root `field` and waits until the gateway accepted the subscription. */
  static async open<T>(
    client: FerryClient,
    field: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<EventLog<T>> {
    const log = new EventLog<T>(client.subscribe<Record<string, T>>(query, variables), field);
    void log.read();
    await within(10_000, 'the gateway did not accept the subscription', log.subscription.connected);
    return log;
  }

  /** How many events arrived so far: pass it to `waitFor` to wait only for later ones. */
  mark(): number {
    return this.events.length;
  }

  /** The first event (at or after index `from`) matching `predicate`, waiting up to `ms` for it. */
  waitFor(predicate: (event: T) => boolean, ms: number, what: string, from = 0): Promise<T> {
    const found = this.events.slice(from).find(predicate);
    if (found !== undefined) {
      return Promise.resolve(found);
    }
    if (this.failure !== undefined) {
      return Promise.reject(this.failure);
    }
    let waiter: Waiter<T> | undefined;
    const arrived = new Promise<T>((resolve, reject) => {
      waiter = { from, predicate, resolve, reject };
      this.waiters.add(waiter);
    });
    return within(ms, what, arrived).finally(() => {
      if (waiter !== undefined) {
        this.waiters.delete(waiter);
      }
    });
  }

  close(): void {
    this.subscription.close();
  }

  private async read(): Promise<void> {
    let why = 'the gateway ended it';
    try {
      for await (const data of this.subscription) {
        const event = data[this.field] as T;
        this.events.push(event);
        for (const waiter of [...this.waiters]) {
          if (this.events.length > waiter.from && waiter.predicate(event)) {
            this.waiters.delete(waiter);
            waiter.resolve(event);
          }
        }
      }
    } catch (error) {
      why = error instanceof Error ? error.message : String(error);
    }
    this.failure = new StepFailure(`the subscription ended: ${why}`);
    for (const waiter of this.waiters) {
      waiter.reject(this.failure);
    }
    this.waiters.clear();
  }
}
