import { subjectsFor, type PredictionRecord } from '@ferry/contracts';
import type { Logger } from '@ferry/service-runtime';
import { AsyncJetStreamPublisher } from '@ferry/messaging';
import type { NatsConnection } from 'nats';

export interface PredictionLogOptions {
  /** Records kept while JetStream cannot take them; past this the oldest are dropped (and counted). */
  maxBuffered: number;
  /** Publishes awaiting their acknowledgement at once. */
  concurrency: number;
  onDropped: (count: number) => void;
  onPublished: () => void;
  /** How long a record may wait for JetStream's acknowledgement before it is retried. */
  ackTimeoutMs?: number;
}

/**
 * Publishes prediction records to JetStream without adding to the response time: `record` only queues;
 * a pump publishes with the request id as Nats-Msg-Id (a retry is stored once), matches each
 * acknowledgement as it returns (see AsyncJetStreamPublisher), and retries with backoff when NATS is away. The queue is bounded: when it is full the
 * oldest record is dropped and counted, and the replica keeps serving.
 */
export class PredictionLog {
  private readonly queue: PredictionRecord[] = [];
  private inflight = 0;
  private backoffUntil = 0;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly idle: Array<() => void> = [];

  private readonly publisher: AsyncJetStreamPublisher;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly options: PredictionLogOptions,
  ) {
    this.publisher = new AsyncJetStreamPublisher(nc, options.ackTimeoutMs ?? 5000);
  }

  get buffered(): number {
    return this.queue.length + this.inflight;
  }

  record(record: PredictionRecord): void {
    if (this.queue.length >= this.options.maxBuffered) {
      this.queue.shift();
      this.options.onDropped(1);
    }
    this.queue.push(record);
    this.pump();
  }

  /** Resolves when everything queued so far is acknowledged (or the deadline passes). */
  async flush(deadlineMs = 5000): Promise<void> {
    if (this.buffered === 0) {
      return;
    }
    await Promise.race([
      new Promise<void>((resolve) => this.idle.push(resolve)),
      new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref()),
    ]);
  }

  async stop(deadlineMs: number): Promise<void> {
    await this.flush(deadlineMs);
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.publisher.close();
  }

  private pump(): void {
    if (this.stopped) {
      return;
    }
    const wait = this.backoffUntil - Date.now();
    if (wait > 0) {
      if (this.retryTimer === undefined) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.pump();
        }, wait);
        this.retryTimer.unref();
      }
      return;
    }
    while (this.inflight < this.options.concurrency && this.queue.length > 0) {
      const record = this.queue.shift() as PredictionRecord;
      this.inflight += 1;
      this.publish(record);
    }
    if (this.buffered === 0) {
      this.idle.splice(0).forEach((resolve) => resolve());
    }
  }

  private publish(record: PredictionRecord): void {
    const payload = JSON.stringify(record);
    // The server refuses messages past its max_payload (1 MiB by default): a request with many rows is logged as
    // parts, each with its own id (`<request id>#<part>`, the same on a retry) and its rows' prediction ids.
    const limit = (this.nc.info?.max_payload ?? 1024 * 1024) - 16 * 1024;
    if (payload.length > limit) {
      this.inflight -= 1;
      if (record.rows.length > 1) {
        const half = Math.ceil(record.rows.length / 2);
        this.queue.unshift(
          { ...record, id: `${record.id}#0`, rows: record.rows.slice(0, half) },
          { ...record, id: `${record.id}#1`, rows: record.rows.slice(half) },
        );
      } else {
        this.logger.warn(
          { id: record.id, bytes: payload.length },
          'a prediction row is larger than NATS allows; dropped',
        );
        this.options.onDropped(1);
      }
      this.pump();
      return;
    }
    this.publisher.publish(
      subjectsFor(this.prefix).predictions(record.deployment),
      payload,
      record.id,
      () => {
        this.failures = 0;
        this.options.onPublished();
        this.inflight -= 1;
        this.pump();
      },
      (reason) => {
        // Back in line at the front (it is older than what waits) — unless the buffer is full, in which
        // case it is the oldest record and the one to drop.
        if (this.queue.length >= this.options.maxBuffered) {
          this.options.onDropped(1);
        } else {
          this.queue.unshift(record);
        }
        this.failures += 1;
        this.backoffUntil = Date.now() + Math.min(5000, 100 * 2 ** Math.min(this.failures, 6));
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn({ reason, buffered: this.buffered }, 'prediction log cannot publish; buffering');
        }
        this.inflight -= 1;
        this.pump();
      },
    );
  }
}
