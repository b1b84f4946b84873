import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from 'nats';

interface Pending {
  sentAt: number;
  onAck: () => void;
  onFail: (reason: string) => void;
}

/**
 * JetStream publishing with asynchronous acknowledgements: each message carries a reply subject on one
 * shared inbox, and acks are matched as they come back — no promise, timer or inbox per message, which
 * is what makes nats.js's `js.publish` expensive on a hot path. Unacknowledged messages fail after
 * `ackTimeoutMs`; a failure callback decides whether to retry (the Nats-Msg-Id makes a retry harmless).
 */
export class AsyncJetStreamPublisher {
  private readonly inbox = createInbox();
  private readonly pending = new Map<string, Pending>();
  private readonly subscription: Subscription;
  private readonly sweeper: NodeJS.Timeout;
  private counter = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly ackTimeoutMs = 5000,
  ) {
    this.subscription = nc.subscribe(`${this.inbox}.*`, { callback: (_error, msg) => this.settle(msg) });
    this.sweeper = setInterval(() => this.expire(), Math.max(50, ackTimeoutMs / 4));
    this.sweeper.unref();
  }

  /** Messages sent and not yet acknowledged. */
  get inflight(): number {
    return this.pending.size;
  }

  /** Sends one message with its id as Nats-Msg-Id; exactly one of the callbacks runs later. */
  publish(
    subject: string,
    data: string | Uint8Array,
    msgId: string,
    onAck: () => void,
    onFail: (reason: string) => void,
  ): void {
    const token = (this.counter++).toString(36);
    const h = headers();
    h.set('Nats-Msg-Id', msgId);
    this.pending.set(token, { sentAt: Date.now(), onAck, onFail });
    try {
      this.nc.publish(subject, data, { reply: `${this.inbox}.${token}`, headers: h });
    } catch (error) {
      this.pending.delete(token);
      onFail(error instanceof Error ? error.message : String(error));
    }
  }

  /** Stops listening for acks; whatever is still pending fails. */
  close(): void {
    clearInterval(this.sweeper);
    this.subscription.unsubscribe();
    for (const [token, entry] of this.pending) {
      this.pending.delete(token);
      entry.onFail('publisher closed');
    }
  }

  private settle(msg: Msg): void {
    const token = msg.subject.slice(this.inbox.length + 1);
    const entry = this.pending.get(token);
    if (entry === undefined) {
      return;
    }
    this.pending.delete(token);
    if (msg.headers?.code === 503) {
      entry.onFail('no stream captures the subject');
      return;
    }
    try {
      const ack = JSON.parse(new TextDecoder().decode(msg.data)) as { error?: { description?: string } };
      if (ack.error !== undefined) {
        entry.onFail(ack.error.description ?? 'JetStream refused the message');
        return;
      }
    } catch {
      entry.onFail('the acknowledgement is not JSON');
      return;
    }
    entry.onAck();
  }

  private expire(): void {
    const cutoff = Date.now() - this.ackTimeoutMs;
    for (const [token, entry] of this.pending) {
      if (entry.sentAt < cutoff) {
        this.pending.delete(token);
        entry.onFail('no acknowledgement in time');
      }
    }
  }
}
