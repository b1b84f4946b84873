import { createEnvelope, subjectOf, type EventDefinition, type EventEnvelope } from '@ferry/contracts';

import type { DatasetVersion } from './dataset';
import type { Actor, Model, ModelAlias, ModelVersion } from './model';

/** How domain operations address events: the prefix to publish under, and a nudge after commits. */
export interface EventRouting {
  natsPrefix: string;
  /** Called after a commit that wrote events, so they leave at once rather than at the next poll. */
  committed: () => void;
}

/** Builds an event and its subject for the outbox. */
export function event<T>(
  routing: EventRouting,
  definition: EventDefinition<T>,
  data: T,
  actor: Actor,
): { subject: string; envelope: EventEnvelope } {
  return {
    subject: subjectOf(definition, routing.natsPrefix),
    envelope: createEnvelope(definition, data, { source: 'registry', actor: actor.id }),
  };
}

export function modelPayload(model: Model) {
  return {
    id: model.id,
    name: model.name,
    description: model.description,
    tags: model.tags,
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
    createdBy: model.createdBy,
  };
}

export function versionPayload(version: ModelVersion) {
  return { ...version, createdAt: version.createdAt.toISOString(), updatedAt: version.updatedAt.toISOString() };
}

export function aliasMovedPayload(alias: ModelAlias, from: number | null, target: ModelVersion) {
  return {
    modelId: alias.modelId,
    modelName: alias.modelName,
    alias: alias.alias,
    fromVersion: from,
    toVersion: alias.version,
    toVersionId: alias.versionId,
    artifactSha256: target.artifactSha256,
    actor: alias.updatedBy,
    movedAt: alias.updatedAt.toISOString(),
  };
}

export function datasetVersionPayload(version: DatasetVersion) {
  return {
    id: version.id,
    datasetId: version.datasetId,
    datasetName: version.datasetName,
    version: version.version,
    artifactSha256: version.artifactSha256,
    artifactSize: version.artifactSize,
    format: version.format,
    rowCount: version.rowCount,
    schema: version.schema,
    profile: version.profile as unknown as Record<string, unknown>,
    schemaChanges: version.schemaChanges as unknown as Array<Record<string, unknown>>,
    breaking: version.breaking,
    derivedFrom: version.derivedFrom,
    createdAt: version.createdAt.toISOString(),
    createdBy: version.createdBy,
  };
}
