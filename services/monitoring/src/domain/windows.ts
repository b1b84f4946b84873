import { randomUUID } from 'node:crypto';

import { createEnvelope, Events, subjectOf, type PredictionRecord } from '@ferry/contracts';
import type { DriftResult } from '@ferry/drift';
import { QuantileSketch } from '@ferry/statistics';

import { ColumnSummary, TableSummary } from './column-summary';
import { compareColumn, compareWindow } from './drift';
import type { DriftReport, StoredPrediction, WindowState } from './model';
import type { MonitorSettings } from './monitor';
import { predictedValue } from './outputs';
import type { IngestTransaction } from './ports';
import type { ReferenceLibrary } from './references';

/** The open window of one deployment: its position (persisted) and its summaries (rebuilt after a restart). */
export class LiveWindow {
  features = new TableSummary();
  predictions = new ColumnSummary();
  rows = 0;
  lastTime: Date | null = null;
  modelVersion: number | null = null;
  modelVersionId: string | null = null;

  constructor(public state: WindowState) {}

  /** Adds one stored row to the summaries. */
  add(row: StoredPrediction, settings: MonitorSettings): void {
    this.features.addRow(row.inputs);
    this.predictions.add(predictedValue(row.outputs, settings));
    this.rows += 1;
    this.state.windowStart ??= row.time;
    if (this.lastTime === null || row.time > this.lastTime) {
      this.lastTime = row.time;
    }
    this.modelVersion = row.modelVersion;
    this.modelVersionId = row.modelVersionId;
  }

  /** Whether a row at `time` belongs to the next window (this one's duration is over). */
  expiredAt(time: Date, settings: MonitorSettings): boolean {
    const start = this.state.windowStart;
    return (
      settings.windowSeconds > 0 &&
      start !== null &&
      this.rows > 0 &&
      time.getTime() >= start.getTime() + settings.windowSeconds * 1000
    );
  }

  full(settings: MonitorSettings): boolean {
    return settings.windowSize > 0 && this.rows >= settings.windowSize;
  }

  /** Starts the next window. */
  advance(): void {
    this.state = { ...this.state, windowSeq: this.state.windowSeq + 1, windowStart: null };
    this.features = new TableSummary();
    this.predictions = new ColumnSummary();
    this.rows = 0;
    this.lastTime = null;
  }
}

/** The rows of a record as monitoring stores them. */
export function storedRows(record: PredictionRecord, windowSeq: number): StoredPrediction[] {
  const time = new Date(record.time);
  return record.rows.map((row) => ({
    predictionId: row.predictionId,
    deployment: record.deployment,
    windowSeq,
    time,
    modelVersion: record.modelVersion,
    modelVersionId: record.modelVersionId,
    requestId: record.id,
    latencyMs: record.latencyMs,
    inputs: row.inputs,
    outputs: row.outputs,
  }));
}

/**
 * Closes a window: compares its features with the reference (the training dataset, a chosen dataset version or
 * window, or — without lineage — the first window of the model version) and its predictions with the first window
 * of the version; writes the report, and an alert when the dataset verdict changed. The references must have
 * been prepared (no reads inside the transaction).
 */
export async function closeWindow(
  tx: IngestTransaction,
  live: LiveWindow,
  settings: MonitorSettings,
  references: ReferenceLibrary,
  prefix: string,
  end: Date,
): Promise<DriftReport> {
  const state = live.state;
  const versionKey = String(live.modelVersion ?? 0);
  const firstWindows = { ...state.firstWindows };
  firstWindows[versionKey] ??= state.windowSeq;
  const firstOfVersion = firstWindows[versionKey] as number;
  const choice = references.choiceFor(settings, live.state.deployment, live.modelVersionId, firstOfVersion);
  const self = choice.kind === 'window' && choice.windowSeq === state.windowSeq;
  const reference = self ? undefined : references.prepared(choice, live.state.deployment);
  const outcome =
    reference === undefined ? null : compareWindow(reference.features.columns, live.features.columns, settings.drift);
  const predictionReference =
    firstOfVersion === state.windowSeq
      ? undefined
      : references.prepared({ kind: 'window', windowSeq: firstOfVersion }, live.state.deployment);
  const predictionDrift =
    predictionReference === undefined || predictionReference.predictions.count === 0 || live.predictions.count === 0
      ? null
      : compareColumn('prediction', predictionReference.predictions, live.predictions, settings.drift);
  const report: DriftReport = {
    id: randomUUID(),
    deployment: state.deployment,
    windowSeq: state.windowSeq,
    windowStart: state.windowStart ?? end,
    windowEnd: end,
    rows: live.rows,
    modelVersion: live.modelVersion,
    reference: self ? { kind: 'self' } : choice,
    datasetDrift: outcome?.datasetDrift ?? false,
    driftShare: settings.drift.driftShare,
    shareOfDriftedColumns: outcome?.shareOfDriftedColumns ?? 0,
    features: outcome?.features ?? [],
    predictionDrift,
    createdAt: new Date(),
  };
  await tx.insertReport(report);
  if (self) {
    references.remember({ kind: 'window', windowSeq: state.windowSeq }, state.deployment, {
      features: live.features,
      predictions: live.predictions,
    });
  }
  const drifting = outcome === null ? state.drifting : outcome.datasetDrift;
  if (drifting !== state.drifting) {
    await tx.publish(
      subjectOf(Events.driftDetected, prefix),
      createEnvelope(
        Events.driftDetected,
        {
          deployment: state.deployment,
          drifting,
          reportId: report.id,
          windowStart: report.windowStart.toISOString(),
          windowEnd: report.windowEnd.toISOString(),
          rows: report.rows,
          datasetDrift: report.datasetDrift,
          driftShare: report.driftShare,
          driftedFeatures: report.features.filter((f) => f.drifted).map((f) => f.column),
          features: report.features.map(featurePayload),
          predictionDrift: predictionDrift === null ? null : featurePayload(predictionDrift),
          modelVersion: report.modelVersion,
        },
        { source: 'monitoring' },
      ),
    );
  }
  live.state = { ...state, drifting, firstWindows };
  live.advance();
  return report;
}

function featurePayload(result: DriftResult) {
  const { column, method, statistic, pValue, threshold, drifted } = result;
  return { name: column, method, statistic, pValue, threshold, drifted };
}

/** A latency sketch and counts for one deployment version over one time bucket. */
export class OperationalBucket {
  requests = 0;
  rows = 0;
  private latencySum = 0;
  readonly latencies = new QuantileSketch(0.001);

  constructor(
    readonly deployment: string,
    readonly modelVersion: number,
    readonly start: Date,
    readonly seconds: number,
  ) {}

  add(record: PredictionRecord): void {
    this.requests += 1;
    this.rows += record.rows.length;
    this.latencySum += record.latencyMs;
    this.latencies.add(record.latencyMs);
  }

  covers(time: Date): boolean {
    return time.getTime() < this.start.getTime() + this.seconds * 1000;
  }

  summary() {
    const q = (p: number) => (this.requests === 0 ? 0 : this.latencies.quantile(p));
    return {
      deployment: this.deployment,
      modelVersion: this.modelVersion,
      windowStart: this.start,
      windowEnd: new Date(this.start.getTime() + this.seconds * 1000),
      requests: this.requests,
      rows: this.rows,
      latencyP50: q(0.5),
      latencyP95: q(0.95),
      latencyP99: q(0.99),
      latencyMean: this.requests === 0 ? 0 : this.latencySum / this.requests,
    };
  }
}
