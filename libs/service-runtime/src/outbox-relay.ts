import type { EventEnvelope } from '@ferry/contracts';
import { publishEnvelope } from '@ferry/messaging';
import { OutboxRecord, type Database } from '@ferry/persistence';
import type { JetStreamClient } from 'nats';

import type { Logger } from './logger';

const BATCH = 100;
const POLL_MS = 1000;
const MAX_BACKOFF_MS = 10_000;

/**
 * Publishes the outbox's pending events to JetStream in commit order, deleting each once the server
 * has acknowledged it. Nudged after every commit; also polls, so events left by a crash or a NATS
 * outage go out as soon as the server is back.
 */
export class OutboxRelay {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(
    private readonly db: Database,
    private readonly js: JetStreamClient,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Asks for a flush now (after a commit); coalesces with one already running. */
  nudge(): void {
    if (this.stopped) {
      return;
    }
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Resolves when everything committed so far has been published (or the attempt failed). */
  async flush(): Promise<void> {
    this.nudge();
    while (this.running !== undefined) {
      await this.running;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.nudge();
      this.schedule(this.failures === 0 ? POLL_MS : Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** this.failures));
    }, delayMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    const repo = this.db.dataSource.getRepository(OutboxRecord);
    for (;;) {
      if (!this.db.dataSource.isInitialized) {
        return;
      }
      const pending = await repo.find({ order: { sequence: 'ASC' }, take: BATCH });
      if (pending.length === 0) {
        this.failures = 0;
        return;
      }
      for (const record of pending) {
        try {
          await publishEnvelope(this.js, record.subject, JSON.parse(record.payload) as EventEnvelope);
        } catch (error) {
          this.failures += 1;
          this.logger.warn(
            { err: error, event: record.id, subject: record.subject },
            'outbox publish failed; will retry',
          );
          await repo.increment({ id: record.id }, 'attempts', 1).catch(() => undefined);
          return;
        }
        await repo.delete({ id: record.id });
        this.failures = 0;
      }
    }
  }
}
