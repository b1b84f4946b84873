import type { Logger } from '@ferry/service-runtime';
import type { NatsConnection, Subscription } from 'nats';

interface Feed {
  subscription: Subscription;
  listeners: Set<(item: unknown) => void>;
}

/**
 * Core NATS subscriptions shared by every subscriber of a subject: opened with the first listener, closed with the
 * last, each message decoded once and handed to every listener. Core subscriptions see JetStream publications as
 * they happen (new events only), which is what a live stream wants; nothing is acknowledged or kept for the gateway.
 */
export class SubjectFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {}

  /**
   * Calls `listener` with each message on `subject` that `decode` accepts (undefined: skipped). One subject is
   * always decoded the same way: the first listener's decoder serves all. Answers the function that stops listening.
   */
  listen<T>(subject: string, decode: (data: Uint8Array) => T | undefined, listener: (item: T) => void): () => void {
    let feed = this.feeds.get(subject);
    if (feed === undefined) {
      const listeners = new Set<(item: unknown) => void>();
      const subscription = this.nc.subscribe(subject, {
        callback: (error, message) => {
          if (error !== null) {
            this.logger.warn({ err: error, subject }, 'subscription feed failed');
            return;
          }
          const item = decode(message.data);
          if (item !== undefined) {
            for (const each of listeners) {
              each(item);
            }
          }
        },
      });
      feed = { subscription, listeners };
      this.feeds.set(subject, feed);
    }
    const current = feed;
    const each = listener as (item: unknown) => void;
    current.listeners.add(each);
    return () => {
      current.listeners.delete(each);
      if (current.listeners.size === 0 && this.feeds.get(subject) === current) {
        this.feeds.delete(subject);
        current.subscription.unsubscribe();
      }
    };
  }

  /** Subjects listened to now. */
  get subjects(): string[] {
    return [...this.feeds.keys()];
  }

  close(): void {
    for (const feed of this.feeds.values()) {
      feed.subscription.unsubscribe();
    }
    this.feeds.clear();
  }
}
