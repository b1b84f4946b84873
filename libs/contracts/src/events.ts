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

const TensorSpecSchema = z.object({
  name: z.string(),
  type: z.string(),
  elementType: z.string().nullable(),
  shape: z.array(z.union([z.number(), z.string(), z.null()])).nullable(),
});

export const ModelVersionSchema = z.object({
  id: z.string().uuid(),
  modelId: z.string().uuid(),
  modelName: z.string().min(1),
  version: z.number().int().positive(),
  artifactSha256: z.string().regex(/^[0-9a-f]{64}$/),
  artifactSize: z.number().int().nonnegative(),
  format: z.literal('onnx'),
  signature: z.object({ inputs: z.array(TensorSpecSchema), outputs: z.array(TensorSpecSchema) }),
  opsetImports: z.array(z.object({ domain: z.string(), version: z.number() })),
  irVersion: z.number().int(),
  producerName: z.string(),
  producerVersion: z.string(),
  metrics: z.record(z.unknown()),
  params: z.record(z.unknown()),
  tags: z.array(z.string()),
  description: z.string(),
  source: z.string(),
  datasetVersionId: z.string().uuid().nullable(),
  status: z.enum(['PENDING', 'READY', 'FAILED', 'ARCHIVED']),
  statusReason: z.string().nullable(),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  createdBy: z.string().nullable(),
});
export type ModelVersionPayload = z.infer<typeof ModelVersionSchema>;

export const AliasMovedSchema = z.object({
  modelId: z.string().uuid(),
  modelName: z.string().min(1),
  alias: z.string().min(1),
  fromVersion: z.number().int().positive().nullable(),
  toVersion: z.number().int().positive(),
  toVersionId: z.string().uuid(),
  artifactSha256: z.string(),
  actor: z.string().nullable(),
  movedAt: z.string().datetime(),
});
export type AliasMovedPayload = z.infer<typeof AliasMovedSchema>;

export const DatasetVersionSchema = z.object({
  id: z.string().uuid(),
  datasetId: z.string().uuid(),
  datasetName: z.string().min(1),
  version: z.number().int().positive(),
  artifactSha256: z.string().regex(/^[0-9a-f]{64}$/),
  artifactSize: z.number().int().nonnegative(),
  format: z.enum(['csv', 'jsonl']),
  rowCount: z.number().int().nonnegative(),
  schema: z.array(z.object({ name: z.string(), type: z.string(), nullable: z.boolean() })),
  /** The per-column profile (see @ferry/statistics DatasetProfile): the drift reference. */
  profile: z.record(z.unknown()),
  schemaChanges: z.array(z.record(z.unknown())),
  breaking: z.boolean(),
  /** Lineage of a derived version (e.g. batch predictions); null or absent for uploads. */
  derivedFrom: z
    .object({
      sourceDatasetVersionId: z.string().nullable(),
      modelVersionId: z.string().nullable(),
      producedBy: z.string().nullable(),
    })
    .nullable()
    .optional(),
  createdAt: z.string().datetime(),
  createdBy: z.string().nullable(),
});
export type DatasetVersionPayload = z.infer<typeof DatasetVersionSchema>;

const TargetSchema = z.object({ alias: z.string().nullable(), version: z.number().int().positive().nullable() });

export const DeploymentSchema = z.object({
  id: z.string().uuid(),
  name: z.string().min(1),
  modelName: z.string().min(1),
  traffic: z.array(TargetSchema.extend({ weight: z.number().nonnegative() })).min(1),
  shadow: TargetSchema.nullable(),
  batching: z.object({ maxBatchSize: z.number().int().positive(), maxQueueDelayMs: z.number().nonnegative() }),
  logSampleRate: z.number().min(0).max(1),
  revision: z.number().int().nonnegative(),
  /** True when the deployment was deleted: replicas stop serving it. */
  deleted: z.boolean(),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  createdBy: z.string().nullable(),
});
export type DeploymentPayload = z.infer<typeof DeploymentSchema>;

/**
 * One record per prediction request on `<prefix>.predictions.<deployment>` (stream `<P>_PREDICTIONS`);
 * `id` is also its Nats-Msg-Id. A shadow's record has the live request's id with `:shadow` appended and
 * the live rows' prediction ids, so feedback on a prediction judges both. Producers build it directly
 * (it is on the hot path); consumers validate it with this schema.
 */
export const PredictionRecordSchema = z.object({
  id: z.string().min(1),
  type: z.literal('prediction'),
  schemaVersion: z.literal(EVENT_SCHEMA_VERSION),
  time: z.string().datetime(),
  deployment: z.string().min(1),
  modelName: z.string().min(1),
  modelVersion: z.number().int().positive(),
  modelVersionId: z.string(),
  kind: z.enum(['live', 'shadow']),
  latencyMs: z.number().nonnegative(),
  rows: z.array(
    z.object({ predictionId: z.string().min(1), inputs: z.record(z.unknown()), outputs: z.record(z.unknown()) }),
  ),
});
export type PredictionRecord = z.infer<typeof PredictionRecordSchema>;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The same checks as PredictionRecordSchema, written out for the consumers' hot path (zod costs ~3x the JSON parse
 * of a record); throws an Error naming the first field that is wrong. Tested to agree with the schema.
 */
export function checkPredictionRecord(raw: unknown): PredictionRecord {
  if (!isPlainObject(raw)) {
    throw new Error('not a prediction record: not an object');
  }
  for (const [field, valid] of RECORD_CHECKS) {
    if (!valid(raw[field])) {
      throw new Error(`not a prediction record: ${field}`);
    }
  }
  (raw.rows as unknown[]).forEach((row, i) => {
    for (const [field, valid] of ROW_CHECKS) {
      if (!isPlainObject(row) || !valid(row[field])) {
        throw new Error(`not a prediction record: rows[${i}].${field}`);
      }
    }
  });
  return raw as unknown as PredictionRecord;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const RECORD_CHECKS: Array<[string, (v: unknown) => boolean]> = [
  ['id', nonEmpty],
  ['type', (v) => v === 'prediction'],
  ['schemaVersion', (v) => v === EVENT_SCHEMA_VERSION],
  ['time', (v) => typeof v === 'string' && ISO_TIME.test(v)],
  ['deployment', nonEmpty],
  ['modelName', nonEmpty],
  ['modelVersion', (v) => typeof v === 'number' && Number.isInteger(v) && v > 0],
  ['modelVersionId', (v) => typeof v === 'string'],
  ['kind', (v) => v === 'live' || v === 'shadow'],
  ['latencyMs', (v) => typeof v === 'number' && v >= 0],
  ['rows', Array.isArray],
];
const ROW_CHECKS: Array<[string, (v: unknown) => boolean]> = [
  ['predictionId', nonEmpty],
  ['inputs', isPlainObject],
  ['outputs', isPlainObject],
];

/** A batch prediction job's progress or state change, on `<prefix>.inference.batch.progress` (at least every 2 s while it runs). */
export const BatchProgressSchema = z.object({
  jobId: z.string().uuid(),
  deployment: z.string().min(1),
  datasetVersionId: z.string(),
  modelVersion: z.object({ id: z.string(), modelName: z.string(), version: z.number().int().positive() }).nullable(),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  rowsDone: z.number().int().nonnegative(),
  rowsTotal: z.number().int().nonnegative().nullable(),
  outputDatasetVersionId: z.string().nullable(),
  error: z.string().nullable(),
});
export type BatchProgressPayload = z.infer<typeof BatchProgressSchema>;

/** One feature's drift verdict in a window (see @ferry/drift). */
export const FeatureDriftSchema = z.object({
  name: z.string(),
  method: z.string(),
  statistic: z.number(),
  pValue: z.number().nullable(),
  threshold: z.number(),
  drifted: z.boolean(),
});
export type FeatureDriftPayload = z.infer<typeof FeatureDriftSchema>;

/**
 * A deployment started or stopped drifting (a state change, not every window), on `<prefix>.monitoring.drift.detected`:
 * `drifting` says which; the drifted features and every feature's statistics of the window that decided it.
 */
export const DriftDetectedSchema = z.object({
  deployment: z.string().min(1),
  drifting: z.boolean(),
  reportId: z.string(),
  windowStart: z.string().datetime(),
  windowEnd: z.string().datetime(),
  rows: z.number().int().nonnegative(),
  datasetDrift: z.boolean(),
  driftShare: z.number(),
  driftedFeatures: z.array(z.string()),
  features: z.array(FeatureDriftSchema),
  predictionDrift: FeatureDriftSchema.nullable(),
  modelVersion: z.number().int().positive().nullable(),
});
export type DriftDetectedPayload = z.infer<typeof DriftDetectedSchema>;

/** A performance metric crossed its threshold (or recovered), on `<prefix>.monitoring.performance.degraded`. */
export const PerformanceDegradedSchema = z.object({
  deployment: z.string().min(1),
  degraded: z.boolean(),
  metric: z.string(),
  value: z.number(),
  threshold: z.number(),
  greaterIsBetter: z.boolean(),
  windowStart: z.string().datetime(),
  windowEnd: z.string().datetime(),
  labelled: z.number().int().nonnegative(),
});
export type PerformanceDegradedPayload = z.infer<typeof PerformanceDegradedSchema>;

/**
 * Ground truth on `<prefix>.feedback.<deployment>` (stream `<P>_FEEDBACK`): one prediction id with its label, or
 * several; the message id (Nats-Msg-Id) makes a resend count once.
 */
export const FeedbackMessageSchema = z.union([
  z.object({ predictionId: z.string().min(1), label: z.unknown() }),
  z.object({ feedback: z.array(z.object({ predictionId: z.string().min(1), label: z.unknown() })).min(1) }),
]);
export type FeedbackMessage = z.infer<typeof FeedbackMessageSchema>;

/** A training run changed state or made progress, on `<prefix>.training.run.updated`. */
export const TrainingRunUpdatedSchema = z.object({
  runId: z.string(),
  pipeline: z.string().min(1),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  /** What started it: manual, dataset_version, drift, schedule, follow_up. */
  trigger: z.string(),
  progress: z
    .object({
      phase: z.string(),
      trial: z.number().int().nullable(),
      trials: z.number().int().nullable(),
      iteration: z.number().int().nullable(),
      loss: z.number().nullable(),
    })
    .nullable(),
  metrics: z.record(z.unknown()).nullable(),
  decision: z.record(z.unknown()).nullable(),
  modelVersion: z.object({ id: z.string(), modelName: z.string(), version: z.number().int() }).nullable(),
  error: z.string().nullable(),
});
export type TrainingRunUpdatedPayload = z.infer<typeof TrainingRunUpdatedSchema>;

/** The catalogue of events; each service adds the ones it publishes as its work lands. */
export const Events = {
  modelCreated: defineEvent('registry.model.created', (s) => s.registry.modelCreated, ModelSchema),
  /** A model version reached its final status (READY or FAILED) after registration. */
  versionCreated: defineEvent('registry.version.created', (s) => s.registry.versionCreated, ModelVersionSchema),
  aliasMoved: defineEvent('registry.alias.moved', (s) => s.registry.aliasMoved, AliasMovedSchema),
  datasetVersionCreated: defineEvent(
    'registry.dataset.version.created',
    (s) => s.registry.datasetVersionCreated,
    DatasetVersionSchema,
  ),
  /** A deployment was created, changed or deleted (`deleted: true`); every replica converges on it. */
  deploymentUpdated: defineEvent(
    'inference.deployment.updated',
    (s) => s.inference.deploymentUpdated,
    DeploymentSchema,
  ),
  batchProgress: defineEvent('inference.batch.progress', (s) => s.inference.batchProgress, BatchProgressSchema),
  driftDetected: defineEvent('monitoring.drift.detected', (s) => s.monitoring.driftDetected, DriftDetectedSchema),
  performanceDegraded: defineEvent(
    'monitoring.performance.degraded',
    (s) => s.monitoring.performanceDegraded,
    PerformanceDegradedSchema,
  ),
  trainingRunUpdated: defineEvent('training.run.updated', (s) => s.training.runUpdated, TrainingRunUpdatedSchema),
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
