import { randomUUID } from 'node:crypto';
import { z } from 'zod';

import { subjectsFor, type Subjects } from './subjects';

/** The version of the event envelope; bumped only by a breaking change, which consumers can then refuse. */
export const EVENT_SCHEMA_VERSION = 1;

/** Every event on NATS travels in this envelope; `id` is also its Nats-Msg-Id so consumers can drop duplicates. */
export const EventEnvelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1),
  schemaVersion: z.literal(EVENT_SCHEMA_VERSION),
  occurredAt: z.string().datetime(),
  source: z.string().min(1),
  actor: z.string().nullable(),
  data: z.unknown(),
});
export type EventEnvelope<T = unknown> = Omit<z.infer<typeof EventEnvelopeSchema>, 'data'> & { data: T };

/** An event kind: its type name, where it is published, and the schema of its data. */
export interface EventDefinition<T> {
  type: string;
  subject: (subjects: Subjects) => string;
  schema: z.ZodType<T>;
}

function defineEvent<T>(
  type: string,
  subject: (subjects: Subjects) => string,
  schema: z.ZodType<T>,
): EventDefinition<T> {
  return { type, subject, schema };
}

export const ModelSchema = z.object({
  id: z.string().uuid(),
  name: z.string().min(1),
  description: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  createdBy: z.string().nullable(),
});
export type ModelPayload = z.infer<typeof ModelSchema>;

/** The catalogue of events; each service adds the ones it publishes as its work lands. */
export const Events = {
  modelCreated: defineEvent('registry.model.created', (s) => s.registry.modelCreated, ModelSchema),
} as const;

/** Builds a validated envelope for an event; throws a ZodError when the data does not match its schema. */
export function createEnvelope<T>(
  definition: EventDefinition<T>,
  data: T,
  meta: { source: string; actor?: string | null; id?: string; occurredAt?: Date },
): EventEnvelope<T> {
  return {
    id: meta.id ?? randomUUID(),
    type: definition.type,
    schemaVersion: EVENT_SCHEMA_VERSION,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    source: meta.source,
    actor: meta.actor ?? null,
    data: definition.schema.parse(data),
  };
}

/** Parses and validates an envelope of a known event; throws a ZodError naming what was wrong. */
export function parseEnvelope<T>(definition: EventDefinition<T>, raw: unknown): EventEnvelope<T> {
  const envelope = EventEnvelopeSchema.parse(raw);
  if (envelope.type !== definition.type) {
    throw new Error(`expected a ${definition.type} event, got ${envelope.type}`);
  }
  return { ...envelope, data: definition.schema.parse(envelope.data) };
}

/** The subject an event is published on for one prefix. */
export function subjectOf<T>(definition: EventDefinition<T>, prefix: string): string {
  return definition.subject(subjectsFor(prefix));
}
