import {
  Events,
  jetStreamName,
  parseEnvelope,
  subjectOf,
  type EventDefinition,
  type EventEnvelope,
} from '@ferry/contracts';
import type { Logger } from '@ferry/service-runtime';
import { DeliverPolicy, type ConsumerMessages, type JetStreamClient } from 'nats';

import type { Deployment } from '../domain/deployment';
import type { ServingTable } from '../domain/serving';

/** A live feed of one event type from now on (an ordered, ephemeral consumer: each replica sees every event). */
async function follow<T>(
  js: JetStreamClient,
  prefix: string,
  definition: EventDefinition<T>,
  logger: Logger,
  handle: (event: EventEnvelope<T>) => Promise<void>,
): Promise<ConsumerMessages> {
  const consumer = await js.consumers.get(jetStreamName(prefix, 'EVENTS'), {
    filterSubjects: subjectOf(definition, prefix),
    deliver_policy: DeliverPolicy.New,
  });
  const messages = await consumer.consume();
  void (async () => {
    for await (const message of messages) {
      try {
        await handle(parseEnvelope(definition, message.json()));
      } catch (error) {
        logger.warn({ err: error, subject: message.subject }, 'could not apply an event');
      }
    }
  })();
  return messages;
}

/**
 * Keeps this replica's serving table in step with the platform: alias moves swap the routes that follow
 * them; deployment changes made through any replica are applied here too.
 */
export async function followEvents(
  js: JetStreamClient,
  prefix: string,
  serving: ServingTable,
  logger: Logger,
): Promise<() => Promise<void>> {
  const feeds = await Promise.all([
    follow(js, prefix, Events.aliasMoved, logger, async (event) => {
      const moved = event.data;
      logger.info({ model: moved.modelName, alias: moved.alias, to: moved.toVersion }, 'alias moved');
      await serving.aliasMoved(moved.modelName, moved.alias, {
        id: moved.toVersionId,
        modelName: moved.modelName,
        version: moved.toVersion,
        artifactSha256: moved.artifactSha256,
      });
    }),
    follow(js, prefix, Events.deploymentUpdated, logger, async (event) => {
      const { deleted, ...spec } = event.data;
      if (deleted) {
        serving.remove(spec.name);
        return;
      }
      const deployment: Deployment = {
        ...spec,
        createdAt: new Date(spec.createdAt),
        updatedAt: new Date(spec.updatedAt),
      };
      await serving.apply(deployment);
    }),
  ]);
  return async () => {
    await Promise.all(feeds.map((feed) => feed.close()));
  };
}
