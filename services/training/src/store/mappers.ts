import type { Pipeline } from '../domain/pipeline';
import type { TrainingRun } from '../domain/run';
import type { PipelineRow, RunRow } from './entities';

/* Rows ↔ domain objects: the one place that knows how each field is stored. */

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const date = (s: string | null): Date | null => (s === null ? null : new Date(s));
const json = <T>(text: string): T => JSON.parse(text, revive) as T;
const jsonOrNull = <T>(text: string | null): T | null => (text === null ? null : json<T>(text));

/** JSON has no Infinity (C: Infinity means no penalty): it is written as a tagged string and read back. */
const INFINITY = '__ferry_infinity__';
function replace(_key: string, value: unknown): unknown {
  return value === Number.POSITIVE_INFINITY ? INFINITY : value;
}
function revive(_key: string, value: unknown): unknown {
  return value === INFINITY ? Number.POSITIVE_INFINITY : value;
}
export const toJson = (value: unknown): string => JSON.stringify(value, replace);

export function pipelineToRow(p: Pipeline, lockVersion = 0): PipelineRow {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    datasetName: p.datasetName,
    datasetVersion: p.datasetVersion,
    target: p.target,
    features: p.features === null ? null : toJson(p.features),
    trainer: toJson(p.trainer),
    search: p.search === null ? null : toJson(p.search),
    validation: toJson(p.validation),
    modelName: p.modelName,
    promotion: toJson(p.promotion),
    onNewDatasetVersion: p.triggers.onNewDatasetVersion,
    onDriftOf: p.triggers.onDriftOf,
    schedule: p.triggers.schedule,
    nextScheduledAt: iso(p.nextScheduledAt),
    lockVersion,
    revision: p.revision,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    createdBy: p.createdBy,
  };
}

export function rowToPipeline(r: PipelineRow): Pipeline {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    datasetName: r.datasetName,
    datasetVersion: r.datasetVersion === null ? null : Number(r.datasetVersion),
    target: r.target,
    features: jsonOrNull<string[]>(r.features),
    trainer: json(r.trainer),
    search: jsonOrNull(r.search),
    validation: json(r.validation),
    modelName: r.modelName,
    promotion: json(r.promotion),
    triggers: { onNewDatasetVersion: Boolean(r.onNewDatasetVersion), onDriftOf: r.onDriftOf, schedule: r.schedule },
    nextScheduledAt: date(r.nextScheduledAt),
    revision: Number(r.revision),
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
    createdBy: r.createdBy,
  };
}

/** The snapshot of the pipeline a run keeps (dates as ISO text inside its JSON). */
function specToJson(p: Pipeline): string {
  return toJson(p);
}

function jsonToSpec(text: string): Pipeline {
  const raw = json<Pipeline & { nextScheduledAt: string | null; createdAt: string; updatedAt: string }>(text);
  return {
    ...raw,
    nextScheduledAt: date(raw.nextScheduledAt),
    createdAt: new Date(raw.createdAt),
    updatedAt: new Date(raw.updatedAt),
  };
}

export function runToRow(r: TrainingRun): RunRow {
  return {
    id: r.id,
    pipelineId: r.pipelineId,
    pipelineName: r.pipelineName,
    spec: specToJson(r.spec),
    state: r.state,
    triggerKind: r.trigger.kind,
    trigger: toJson(r.trigger),
    coalesced: toJson(r.coalesced),
    dispatched: r.dispatched,
    cancelRequested: r.cancelRequested,
    datasetVersionId: r.datasetVersionId,
    datasetVersion: r.datasetVersion,
    progress: toJson(r.progress),
    trials: toJson(r.trials),
    metrics: r.metrics === null ? null : toJson(r.metrics),
    decision: r.decision === null ? null : toJson(r.decision),
    modelVersion: r.modelVersion === null ? null : toJson(r.modelVersion),
    logs: r.logs,
    error: r.error,
    worker: r.worker,
    attempts: r.attempts,
    heartbeatAt: iso(r.heartbeatAt),
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    createdBy: r.createdBy,
  };
}

export function rowToRun(r: RunRow): TrainingRun {
  const trigger = json<TrainingRun['trigger'] & { at: string }>(r.trigger);
  const coalesced = json<Array<TrainingRun['trigger'] & { at: string }>>(r.coalesced);
  return {
    id: r.id,
    pipelineId: r.pipelineId,
    pipelineName: r.pipelineName,
    spec: jsonToSpec(r.spec),
    state: r.state as TrainingRun['state'],
    trigger: { ...trigger, at: new Date(trigger.at) },
    coalesced: coalesced.map((t) => ({ ...t, at: new Date(t.at) })),
    dispatched: Boolean(r.dispatched),
    cancelRequested: Boolean(r.cancelRequested),
    datasetVersionId: r.datasetVersionId,
    datasetVersion: r.datasetVersion === null ? null : Number(r.datasetVersion),
    progress: json(r.progress),
    trials: json(r.trials),
    metrics: jsonOrNull(r.metrics),
    decision: jsonOrNull(r.decision),
    modelVersion: jsonOrNull(r.modelVersion),
    logs: r.logs,
    error: r.error,
    worker: r.worker,
    attempts: Number(r.attempts),
    heartbeatAt: date(r.heartbeatAt),
    createdAt: new Date(r.createdAt),
    startedAt: date(r.startedAt),
    finishedAt: date(r.finishedAt),
    createdBy: r.createdBy,
  };
}
