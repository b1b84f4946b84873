import { checkPredictionRecord, FeedbackMessageSchema, jetStreamName, type PredictionRecord } from '@ferry/contracts';
import type { Logger } from '@ferry/service-runtime';
import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager, type JsMsg } from 'nats';

import type { Monitoring } from '../domain/monitoring';

const SECOND_NS = 1_000_000_000;

export interface ConsumerLoop {
  stop(): Promise<void>;
}

/**
 * A durable pull consumer handled in batches: `handle` commits a batch's effect, then every message of it is
 * acknowledged; when it throws, the batch is negatively acknowledged and comes again after a pause. Messages that
 * are not what the subject promises are terminated (logged and counted), never retried forever.
 */
async function consume<T>(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  logger: Logger,
  parse: (message: JsMsg) => T,
  handle: (items: T[]) => Promise<void>,
  onInvalid: () => void,
): Promise<ConsumerLoop> {
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: 30 * SECOND_NS,
    max_ack_pending: 20_000,
  };
  try {
    await jsm.consumers.add(stream, config);
  } catch {
    await jsm.consumers.update(stream, durable, { ack_wait: config.ack_wait, max_ack_pending: config.max_ack_pending });
  }
  const consumer = await js.consumers.get(stream, durable);
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const messages: JsMsg[] = [];
        const batch = await consumer.fetch({ max_messages: 1000, expires: 1000 });
        for await (const message of batch) {
          messages.push(message);
        }
        const items: T[] = [];
        const valid: JsMsg[] = [];
        for (const message of messages) {
          try {
            items.push(parse(message));
            valid.push(message);
          } catch (error) {
            logger.warn({ subject: message.subject, seq: message.seq, err: error }, 'invalid message terminated');
            onInvalid();
            message.term();
          }
        }
        if (items.length === 0) {
          continue;
        }
        try {
          await handle(items);
          valid.forEach((m) => m.ack());
        } catch (error) {
          logger.error({ err: error, stream }, 'batch not committed; it will be redelivered');
          valid.forEach((m) => m.nak(2000));
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      } catch (error) {
        if (!stopped) {
          logger.warn({ err: error, stream }, 'fetch failed; retrying');
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** Ingests the predictions stream (every deployment) into monitoring, at least once, effects exactly once. */
export function consumePredictions(
  js: JetStreamClient,
  jsm: JetStreamManager,
  prefix: string,
  monitoring: Monitoring,
  logger: Logger,
  onInvalid: () => void,
): Promise<ConsumerLoop> {
  return consume<PredictionRecord>(
    js,
    jsm,
    jetStreamName(prefix, 'PREDICTIONS'),
    'monitoring',
    logger,
    (message) => checkPredictionRecord(message.json()),
    async (records) => {
      await monitoring.ingest(records);
    },
    onInvalid,
  );
}

/** Ground truth from `<prefix>.feedback.<deployment>`: unknown prediction ids are kept as unmatched and counted. */
export function consumeFeedback(
  js: JetStreamClient,
  jsm: JetStreamManager,
  prefix: string,
  monitoring: Monitoring,
  logger: Logger,
  onInvalid: () => void,
): Promise<ConsumerLoop> {
  return consume(
    js,
    jsm,
    jetStreamName(prefix, 'FEEDBACK'),
    'monitoring',
    logger,
    (message) => {
      const deployment = message.subject.slice(`${prefix}.feedback.`.length);
      const body = FeedbackMessageSchema.parse(message.json());
      const items = 'feedback' in body ? body.feedback : [body];
      return items.map((item) => ({ predictionId: item.predictionId, label: item.label ?? null, deployment }));
    },
    async (batches) => {
      await monitoring.recordFeedback(batches.flat(), { strict: false });
    },
    onInvalid,
  );
}
