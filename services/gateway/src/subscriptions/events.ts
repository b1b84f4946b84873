import {
  checkPredictionRecord,
  Events,
  parseEnvelope,
  type BatchProgressPayload,
  type DeploymentPayload,
  type DriftDetectedPayload,
  type EventDefinition,
  type EventEnvelope,
  type PredictionRecord,
  type TrainingRunUpdatedPayload,
} from '@ferry/contracts';

// What each subscription field yields: the NATS message turned into the field's type (see graphql/type-defs.ts).

const text = new TextDecoder();

/** A prediction record as `PredictionEvent` (the same shape); throws on anything else. */
export function predictionEvent(data: Uint8Array): PredictionRecord {
  return checkPredictionRecord(JSON.parse(text.decode(data)));
}

function envelope<T>(definition: EventDefinition<T>, data: Uint8Array): EventEnvelope<T> {
  return parseEnvelope(definition, JSON.parse(text.decode(data)));
}

export function driftAlert(data: Uint8Array): DriftDetectedPayload & { id: string; occurredAt: string } {
  const event = envelope(Events.driftDetected, data);
  return { ...event.data, id: event.id, occurredAt: event.occurredAt };
}

export function trainingRunUpdate(data: Uint8Array): TrainingRunUpdatedPayload & { id: string; occurredAt: string } {
  const event = envelope(Events.trainingRunUpdated, data);
  return { ...event.data, id: event.id, occurredAt: event.occurredAt };
}

export function batchPredictionProgress(data: Uint8Array) {
  const { data: job, occurredAt }: EventEnvelope<BatchProgressPayload> = envelope(Events.batchProgress, data);
  return {
    id: job.jobId,
    occurredAt,
    deployment: job.deployment,
    datasetVersionId: job.datasetVersionId,
    modelVersion: job.modelVersion,
    state: job.state,
    rowsDone: job.rowsDone,
    rowsTotal: job.rowsTotal,
    progress: job.rowsTotal === null || job.rowsTotal === 0 ? null : job.rowsDone / job.rowsTotal,
    outputDatasetVersionId: job.outputDatasetVersionId,
    error: job.error,
  };
}

export function deploymentEvent(data: Uint8Array) {
  const event: EventEnvelope<DeploymentPayload> = envelope(Events.deploymentUpdated, data);
  const deployment = event.data;
  return {
    id: event.id,
    occurredAt: event.occurredAt,
    actor: event.actor,
    name: deployment.name,
    modelName: deployment.modelName,
    deleted: deployment.deleted,
    revision: deployment.revision,
    traffic: deployment.traffic,
    shadow: deployment.shadow,
    logSampleRate: deployment.logSampleRate,
    updatedAt: deployment.updatedAt,
  };
}
