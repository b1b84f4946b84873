import {
  Events,
  jetStreamName,
  parseEnvelope,
  streamsFor,
  subjectOf,
  type EventDefinition,
  type EventEnvelope,
} from '@ferry/contracts';
import type { Logger } from '@ferry/service-runtime';
import type { ConsumerMessages, JetStreamClient, JetStreamManager } from 'nats';

import type { Triggers } from '../domain/triggers';
import { ensureDurable } from './durable-consumer';

/** Deliveries of one event before it is given up (a trigger that keeps failing is logged, not retried forever). */
const MAX_DELIVER = 10;

/**
 * Follows the events that start runs with durable consumers shared by every training process (each event starts
 * its runs once): `<P>_TRAINING_ON_DATASET` on new dataset versions, `<P>_TRAINING_ON_DRIFT` on drift alerts.
 * An event is acknowledged once the runs it started are committed.
 */
export async function followTriggers(
  js: JetStreamClient,
  jsm: JetStreamManager,
  prefix: string,
  triggers: Triggers,
  logger: Logger,
): Promise<() => Promise<void>> {
  const feeds = await Promise.all([
    follow(js, jsm, prefix, 'TRAINING_ON_DATASET', Events.datasetVersionCreated, logger, async (event) => {
      const runs = await triggers.datasetVersionCreated(event.data);
      if (runs.length > 0) {
        logger.info(
          { dataset: event.data.datasetName, version: event.data.version, runs: runs.map((r) => r.id) },
          'new dataset version: runs queued',
        );
      }
    }),
    follow(js, jsm, prefix, 'TRAINING_ON_DRIFT', Events.driftDetected, logger, async (event) => {
      const runs = await triggers.driftDetected(event.data);
      if (runs.length > 0) {
        logger.info({ deployment: event.data.deployment, runs: runs.map((r) => r.id) }, 'drift detected: runs queued');
      }
    }),
  ]);
  return async () => {
    await Promise.all(feeds.map((feed) => feed.close()));
  };
}

async function follow<T>(
  js: JetStreamClient,
  jsm: JetStreamManager,
  prefix: string,
  name: string,
  definition: EventDefinition<T>,
  logger: Logger,
  handle: (event: EventEnvelope<T>) => Promise<void>,
): Promise<ConsumerMessages> {
  const stream = streamsFor(prefix).events.name;
  const durable = jetStreamName(prefix, name);
  await ensureDurable(jsm, stream, {
    name: durable,
    filterSubject: subjectOf(definition, prefix),
    ackWaitMs: 30_000,
    maxDeliver: MAX_DELIVER,
    deliverNew: true,
  });
  const consumer = await js.consumers.get(stream, durable);
  const messages = await consumer.consume({ max_messages: 16 });
  void (async () => {
    for await (const message of messages) {
      let event: EventEnvelope<T>;
      try {
        event = parseEnvelope(definition, message.json());
      } catch (error) {
        logger.warn({ err: error, subject: message.subject }, 'malformed event; dropped');
        message.term();
        continue;
      }
      try {
        await handle(event);
        message.ack();
      } catch (error) {
        logger.warn(
          { err: error, event: event.id, deliveries: message.info.redeliveryCount },
          'trigger failed; will retry',
        );
        message.nak(2000);
      }
    }
  })();
  return messages;
}
