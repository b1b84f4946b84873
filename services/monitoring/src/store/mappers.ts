import type { DriftReport, Feedback, OperationalWindow, StoredPrediction, WindowState } from '../domain/model';
import type { MonitorSettings } from '../domain/monitor';
import type {
  DriftReportRow,
  FeedbackRow,
  MonitorRow,
  OperationalWindowRow,
  PredictionRow,
  WindowStateRow,
} from './entities';

const iso = (d: Date): string => d.toISOString();
const parse = <T>(text: string): T => JSON.parse(text) as T;

export const settingsRow = (s: MonitorSettings): MonitorRow => ({
  deployment: s.deployment,
  settings: JSON.stringify(s),
  updatedAt: iso(s.updatedAt),
});

export const toSettings = (r: MonitorRow): MonitorSettings => {
  const settings = parse<MonitorSettings>(r.settings);
  return { ...settings, updatedAt: new Date(r.updatedAt), updatedBy: settings.updatedBy ?? null };
};

export const stateRow = (s: WindowState): WindowStateRow => ({
  deployment: s.deployment,
  windowSeq: s.windowSeq,
  windowStart: s.windowStart === null ? null : iso(s.windowStart),
  drifting: s.drifting,
  firstWindows: JSON.stringify(s.firstWindows),
  degraded: JSON.stringify(s.degraded),
});

export const toState = (r: WindowStateRow): WindowState => ({
  deployment: r.deployment,
  windowSeq: r.windowSeq,
  windowStart: r.windowStart === null ? null : new Date(r.windowStart),
  drifting: Boolean(r.drifting),
  firstWindows: parse(r.firstWindows),
  degraded: parse(r.degraded),
});

export const predictionRow = (p: StoredPrediction): PredictionRow => ({
  predictionId: p.predictionId,
  deployment: p.deployment,
  windowSeq: p.windowSeq,
  time: iso(p.time),
  modelVersion: p.modelVersion,
  modelVersionId: p.modelVersionId,
  requestId: p.requestId,
  latencyMs: p.latencyMs,
  inputs: JSON.stringify(p.inputs),
  outputs: JSON.stringify(p.outputs),
});

export const toPrediction = (r: PredictionRow): StoredPrediction => ({
  predictionId: r.predictionId,
  deployment: r.deployment,
  windowSeq: r.windowSeq,
  time: new Date(r.time),
  modelVersion: r.modelVersion,
  modelVersionId: r.modelVersionId,
  requestId: r.requestId,
  latencyMs: Number(r.latencyMs),
  inputs: parse(r.inputs),
  outputs: parse(r.outputs),
});

export const feedbackRow = (f: Feedback): FeedbackRow => ({
  predictionId: f.predictionId,
  deployment: f.deployment,
  label: JSON.stringify(f.label ?? null),
  receivedAt: iso(f.receivedAt),
  matched: f.matched,
});

export const reportRow = (r: DriftReport): DriftReportRow => ({
  id: r.id,
  deployment: r.deployment,
  windowSeq: r.windowSeq,
  windowStart: iso(r.windowStart),
  windowEnd: iso(r.windowEnd),
  rows: r.rows,
  modelVersion: r.modelVersion,
  reference: JSON.stringify(r.reference),
  datasetDrift: r.datasetDrift,
  driftShare: r.driftShare,
  shareDrifted: r.shareOfDriftedColumns,
  features: JSON.stringify(r.features),
  predictionDrift: r.predictionDrift === null ? null : JSON.stringify(r.predictionDrift),
  createdAt: iso(r.createdAt),
});

export const toReport = (r: DriftReportRow): DriftReport => ({
  id: r.id,
  deployment: r.deployment,
  windowSeq: r.windowSeq,
  windowStart: new Date(r.windowStart),
  windowEnd: new Date(r.windowEnd),
  rows: r.rows,
  modelVersion: r.modelVersion,
  reference: parse(r.reference),
  datasetDrift: Boolean(r.datasetDrift),
  driftShare: Number(r.driftShare),
  shareOfDriftedColumns: Number(r.shareDrifted),
  features: parse(r.features),
  predictionDrift: r.predictionDrift === null ? null : parse(r.predictionDrift),
  createdAt: new Date(r.createdAt),
});

export const operationalRow = (o: OperationalWindow): OperationalWindowRow => ({
  id: `${o.deployment}|${o.modelVersion}|${iso(o.windowStart)}`,
  deployment: o.deployment,
  modelVersion: o.modelVersion,
  windowStart: iso(o.windowStart),
  windowEnd: iso(o.windowEnd),
  requests: o.requests,
  rows: o.rows,
  latencyP50: o.latencyP50,
  latencyP95: o.latencyP95,
  latencyP99: o.latencyP99,
  latencyMean: o.latencyMean,
});

export const toOperational = (r: OperationalWindowRow): OperationalWindow => ({
  deployment: r.deployment,
  modelVersion: r.modelVersion,
  windowStart: new Date(r.windowStart),
  windowEnd: new Date(r.windowEnd),
  requests: r.requests,
  rows: r.rows,
  latencyP50: Number(r.latencyP50),
  latencyP95: Number(r.latencyP95),
  latencyP99: Number(r.latencyP99),
  latencyMean: Number(r.latencyMean),
});
