import { jetStreamName, parseEnvelope, streamsFor } from '@ferry/contracts';
import type { Logger } from '@ferry/service-runtime';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from 'nats';

import { TrainingRunQueued } from '../domain/events';
import type { RunWorker } from '../domain/run-worker';
import { ensureDurable } from './durable-consumer';

/** How long one pull waits for a run before asking again (also bounds how long stopping waits for it). */
const PULL_EXPIRES_MS = 5000;

/**
 * This process's share of the training work queue: `concurrency` loops each pull one run at a time from the
 * durable consumer `<P>_TRAINING_WORKERS` (every training process pulls from the same one, so they compete),
 * extend its ack deadline while it trains, and acknowledge it once the run is final. A run whose worker dies
 * is not acknowledged: after the ack wait JetStream delivers it again, to whichever worker pulls next.
 */
export class WorkQueue {
  private readonly stopping = new AbortController();
  private readonly pulls = new Set<ConsumerMessages>();
  private loops: Array<Promise<void>> = [];
  /** Runs in progress in this process. */
  active = 0;

  private constructor(
    private readonly js: JetStreamClient,
    private readonly prefix: string,
    private readonly worker: RunWorker,
    private readonly logger: Logger,
  ) {}

  static async start(
    js: JetStreamClient,
    jsm: JetStreamManager,
    prefix: string,
    worker: RunWorker,
    options: { concurrency: number; ackWaitMs: number; logger: Logger },
  ): Promise<WorkQueue> {
    await ensureDurable(jsm, streamsFor(prefix).trainingQueue.name, {
      name: consumerName(prefix),
      ackWaitMs: options.ackWaitMs,
      maxDeliver: -1,
      deliverNew: false,
    });
    const queue = new WorkQueue(js, prefix, worker, options.logger);
    queue.loops = Array.from({ length: options.concurrency }, () => queue.loop());
    return queue;
  }

  /** Stops pulling; runs in progress go back to the queue for another worker. */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (const pull of this.pulls) {
      pull.stop();
    }
    await Promise.allSettled(this.loops);
  }

  private async loop(): Promise<void> {
    const consumer = await this.js.consumers.get(streamsFor(this.prefix).trainingQueue.name, consumerName(this.prefix));
    while (!this.stopping.signal.aborted) {
      let message: JsMsg | undefined;
      try {
        const pull = await consumer.fetch({ max_messages: 1, expires: PULL_EXPIRES_MS });
        this.pulls.add(pull);
        try {
          for await (const m of pull) {
            message = m;
          }
        } finally {
          this.pulls.delete(pull);
        }
      } catch (error) {
        if (!this.stopping.signal.aborted) {
          this.logger.warn({ err: error }, 'pulling from the training queue failed; retrying');
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        continue;
      }
      if (message !== undefined) {
        await this.handle(message);
      }
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    let runId: string;
    try {
      runId = parseEnvelope(TrainingRunQueued, message.json()).data.runId;
    } catch (error) {
      this.logger.error({ err: error, seq: message.seq }, 'not a training run message; dropped');
      message.term();
      return;
    }
    if (this.stopping.signal.aborted) {
      message.nak();
      return;
    }
    this.active += 1;
    try {
      const outcome = await this.worker.process(runId, { extend: () => message.working() }, this.stopping.signal);
      if (outcome === 'ack') {
        message.ack();
      } else if (outcome === 'release') {
        message.nak();
      }
    } catch (error) {
      // The database or the registry failed around the run itself: try again a little later.
      this.logger.error({ err: error, run: runId }, 'training run could not be processed; redelivering');
      message.nak(2000);
    } finally {
      this.active -= 1;
    }
  }
}

/** The durable consumer every training process pulls runs from. */
export function consumerName(prefix: string): string {
  return jetStreamName(prefix, 'TRAINING_WORKERS');
}
