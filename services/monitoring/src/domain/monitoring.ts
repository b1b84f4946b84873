import { createEnvelope, Events, notFound, subjectOf, type PredictionRecord } from '@ferry/contracts';

import type { DriftReport, Feedback, OperationalWindow, StoredPrediction, WindowState } from './model';
import {
  applyCommand,
  defaultSettings,
  PERFORMANCE_METRICS,
  type ConfigureMonitorCommand,
  type MonitorSettings,
  type PerformanceMetric,
} from './monitor';
import { predictedValue, probabilitiesOf } from './outputs';
import { degradedMetrics, summarizePerformance, type PerformanceSummary } from './performance';
import type { DatasetSource, IngestTransaction, MonitoringStore } from './ports';
import { ReferenceLibrary } from './references';
import { closeWindow, LiveWindow, OperationalBucket, storedRows } from './windows';

export interface MonitoringOptions {
  prefix: string;
  /** Seconds per operational-metrics bucket. */
  operationalSeconds: number;
  /** How long recordFeedback waits for a prediction that may still be on its way before NOT_FOUND. */
  feedbackWaitMs: number;
}

/** What one ingest did. */
export interface IngestOutcome {
  rows: number;
  duplicates: number;
  reports: DriftReport[];
}

/** Told of what monitoring does, for /metrics. */
export interface MonitoringObserver {
  ingested(deployment: string, rows: number, duplicates: number): void;
  windowClosed(report: DriftReport): void;
  feedback(matched: number, unmatched: number): void;
}

/**
 * The monitoring core: every change goes through one queue, so windows, references and alerts never race. A batch
 * of prediction records is committed in one transaction — its new rows (duplicates dropped by prediction id), the
 * windows' positions, closed windows' reports and alerts — and only then acknowledged by the caller; an open
 * window's summaries are rebuilt from its stored rows after a restart, so no prediction is lost or counted twice.
 */
export class Monitoring {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly settingsCache = new Map<string, MonitorSettings>();
  private readonly live = new Map<string, LiveWindow>();
  private readonly buckets = new Map<string, OperationalBucket>();
  readonly references: ReferenceLibrary;

  constructor(
    private readonly store: MonitoringStore,
    datasets: DatasetSource,
    private readonly options: MonitoringOptions,
    private readonly observer: MonitoringObserver,
  ) {
    this.references = new ReferenceLibrary(store, datasets);
  }

  /** Ingests a batch of prediction records (shadow records are not monitored for drift). */
  ingest(records: PredictionRecord[]): Promise<IngestOutcome> {
    return this.serially(() => this.ingestNow(records.filter((r) => r.kind === 'live')));
  }

  /** Closes windows whose time is up (windows by duration close even when traffic stops). */
  tick(now = new Date()): Promise<DriftReport[]> {
    return this.serially(async () => {
      const due = [...this.live.values()].filter(
        (w) => w.rows > 0 && w.expiredAt(now, this.cachedSettings(w.state.deployment)),
      );
      const closedBuckets = [...this.buckets.values()].filter((b) => !b.covers(now));
      if (due.length === 0 && closedBuckets.length === 0) {
        return [];
      }
      for (const window of due) {
        await this.prepare(window.state.deployment, []);
      }
      return this.write(
        due.map((w) => w.state.deployment),
        async (tx) => {
          const reports: DriftReport[] = [];
          for (const window of due) {
            const settings = this.cachedSettings(window.state.deployment);
            const start = window.state.windowStart as Date;
            const end = new Date(start.getTime() + settings.windowSeconds * 1000);
            reports.push(await closeWindow(tx, window, settings, this.references, this.options.prefix, end));
            await tx.saveState(window.state);
          }
          for (const bucket of closedBuckets) {
            await this.flushBucket(tx, bucket);
          }
          return reports;
        },
      );
    });
  }

  /** Sets how a deployment is monitored (fields not given keep their values); a new reference applies from the next window. */
  configure(command: ConfigureMonitorCommand, actor: string | null): Promise<MonitorSettings> {
    return this.serially(async () => {
      const current = await this.settingsOf(command.deployment);
      const next = { ...applyCommand(current, command), updatedBy: actor };
      await this.store.saveSettings(next);
      this.settingsCache.set(next.deployment, next);
      this.references.forget(next.deployment);
      return next;
    });
  }

  /**
   * A deployment's settings. Defaults are remembered only for deployments that send predictions (`live`), so that
   * queries about names that never served anything leave nothing behind in memory.
   */
  async settingsOf(deployment: string, live = false): Promise<MonitorSettings> {
    const cached = this.settingsCache.get(deployment);
    if (cached !== undefined) {
      return cached;
    }
    const stored = await this.store.settings(deployment);
    const settings = stored ?? defaultSettings(deployment);
    if (stored !== undefined || live) {
      this.settingsCache.set(deployment, settings);
    }
    return settings;
  }

  async reports(deployment: string, options: { first?: number; from?: Date; to?: Date }): Promise<DriftReport[]> {
    return this.store.reports(deployment, {
      first: Math.min(options.first ?? 20, 1000),
      from: options.from,
      to: options.to,
    });
  }

  /** Where a deployment's open window stands. */
  async openWindow(
    deployment: string,
  ): Promise<{ windowSeq: number; rows: number; windowStart: Date | null; drifting: boolean }> {
    const live = await this.serially(async () =>
      this.live.has(deployment) || (await this.store.state(deployment)) !== undefined
        ? this.window(deployment)
        : // Never served: answer the first window without keeping anything for this name.
          new LiveWindow(firstState(deployment)),
    );
    return {
      windowSeq: live.state.windowSeq,
      rows: live.rows,
      windowStart: live.state.windowStart,
      drifting: live.state.drifting,
    };
  }

  /**
   * Attaches ground truth. From GraphQL (`strict`): an unknown prediction id is NOT_FOUND (after waiting briefly for
   * a prediction still on its way) and nothing is stored. From NATS: unknown ids are kept as unmatched and counted.
   */
  async recordFeedback(
    items: Array<{ predictionId: string; label: unknown; deployment?: string }>,
    options: { strict: boolean },
  ): Promise<{ matched: number; unmatched: number }> {
    const ids = items.map((item) => item.predictionId);
    const found = await this.store.deploymentsOf(ids);
    const deadline = Date.now() + (options.strict ? this.options.feedbackWaitMs : 0);
    // A prediction answered a moment ago may still be on its way through the stream: wait for it briefly.
    while (found.size < new Set(ids).size && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const more = await this.store.deploymentsOf(ids.filter((id) => !found.has(id)));
      more.forEach((deployment, id) => found.set(id, deployment));
    }
    const missing = ids.find((id) => !found.has(id));
    if (options.strict && missing !== undefined) {
      throw notFound(`no prediction with id ${missing}`);
    }
    const now = new Date();
    const feedback: Feedback[] = items.map((item) => ({
      predictionId: item.predictionId,
      deployment: found.get(item.predictionId) ?? item.deployment ?? '',
      label: item.label,
      receivedAt: now,
      matched: found.has(item.predictionId),
    }));
    await this.store.recordFeedback(feedback, []);
    const matched = feedback.filter((f) => f.matched).length;
    this.observer.feedback(matched, feedback.length - matched);
    for (const deployment of new Set(feedback.filter((f) => f.matched).map((f) => f.deployment))) {
      await this.serially(() => this.checkPerformance(deployment));
    }
    return { matched, unmatched: feedback.length - matched };
  }

  /** Realized metrics over labelled predictions and CBPE estimates over all, in a range or over the last N. */
  async performance(
    deployment: string,
    options: { from?: Date; to?: Date; last?: number },
  ): Promise<PerformanceSummary & { unmatchedFeedback: number }> {
    const settings = await this.settingsOf(deployment);
    const rows = await this.store.judged(deployment, {
      ...options,
      last: options.last ?? (options.from === undefined ? 10_000 : undefined),
    });
    const summary = summarizePerformance(
      rows.map((r) => ({
        predicted: predictedValue(r.outputs, settings),
        probabilities: probabilitiesOf(r.outputs, settings),
        label: r.label ?? undefined,
      })),
      settings,
    );
    return { ...summary, unmatchedFeedback: await this.store.unmatchedFeedback(deployment) };
  }

  /** Closed operational buckets (newest first) and the open ones. */
  async operational(
    deployment: string,
    options: { first?: number; from?: Date; to?: Date },
  ): Promise<OperationalWindow[]> {
    const open = [...this.buckets.values()].filter((b) => b.deployment === deployment).map((b) => b.summary());
    const closed = await this.store.operational(deployment, { first: Math.min(options.first ?? 60, 1000), ...options });
    return [...open, ...closed];
  }

  private async ingestNow(records: PredictionRecord[]): Promise<IngestOutcome> {
    if (records.length === 0) {
      return { rows: 0, duplicates: 0, reports: [] };
    }
    const ids = records.flatMap((r) => r.rows.map((row) => row.predictionId));
    const known = await this.store.knownIds(ids);
    const deployments = [...new Set(records.map((r) => r.deployment))];
    for (const deployment of deployments) {
      const versions = records
        .filter((r) => r.deployment === deployment)
        .map((r) => ({ id: r.modelVersionId, version: r.modelVersion }));
      await this.prepare(deployment, versions);
    }
    let duplicates = 0;
    const outcome = await this.write(deployments, async (tx) => {
      const reports: DriftReport[] = [];
      const rows: StoredPrediction[] = [];
      const seen = new Set<string>();
      for (const record of records) {
        const settings = this.cachedSettings(record.deployment);
        const live = this.live.get(record.deployment) as LiveWindow;
        const time = new Date(record.time);
        if (live.expiredAt(time, settings)) {
          const end = new Date((live.state.windowStart as Date).getTime() + settings.windowSeconds * 1000);
          reports.push(await closeWindow(tx, live, settings, this.references, this.options.prefix, end));
        }
        const fresh = storedRows(record, live.state.windowSeq).filter((row) => {
          const duplicate = known.has(row.predictionId) || seen.has(row.predictionId);
          seen.add(row.predictionId);
          duplicates += duplicate ? 1 : 0;
          return !duplicate;
        });
        if (fresh.length === 0) {
          continue;
        }
        fresh.forEach((row) => live.add(row, settings));
        rows.push(...fresh);
        await this.addToBucket(tx, record);
        if (live.full(settings)) {
          reports.push(
            await closeWindow(tx, live, settings, this.references, this.options.prefix, live.lastTime ?? time),
          );
        }
      }
      await tx.insertPredictions(rows);
      for (const deployment of deployments) {
        await tx.saveState((this.live.get(deployment) as LiveWindow).state);
      }
      const added = new Map<string, number>();
      rows.forEach((r) => added.set(r.deployment, (added.get(r.deployment) ?? 0) + 1));
      return { rows: rows.length, duplicates, reports, added };
    });
    outcome.added.forEach((count, deployment) => this.observer.ingested(deployment, count, 0));
    this.observer.ingested('', 0, duplicates);
    outcome.reports.forEach((report) => this.observer.windowClosed(report));
    return outcome;
  }

  /** Loads a deployment's settings, open window (rebuilt from its rows) and the references its closes will need. */
  private async prepare(deployment: string, versions: Array<{ id: string; version: number }>): Promise<void> {
    const settings = await this.settingsOf(deployment, true);
    const live = await this.window(deployment);
    const byId = new Map<string, number>(versions.map((v) => [v.id, v.version]));
    if (live.modelVersionId !== null && live.modelVersion !== null) {
      byId.set(live.modelVersionId, live.modelVersion);
    }
    await this.references.prepare(
      settings,
      deployment,
      [...byId].map(([modelVersionId, version]) => ({
        modelVersionId,
        firstWindowSeq: live.state.firstWindows[String(version)] ?? live.state.windowSeq,
      })),
      live.state.windowSeq,
    );
  }

  private async window(deployment: string): Promise<LiveWindow> {
    const existing = this.live.get(deployment);
    if (existing !== undefined) {
      return existing;
    }
    const settings = await this.settingsOf(deployment);
    const state: WindowState = (await this.store.state(deployment)) ?? firstState(deployment);
    const live = new LiveWindow(state);
    await this.store.windowRows(deployment, state.windowSeq, (rows) => rows.forEach((row) => live.add(row, settings)));
    // The rebuilt rows set windowStart from the rows themselves; the stored start wins when there is one.
    live.state = { ...live.state, windowStart: state.windowStart ?? live.state.windowStart };
    this.live.set(deployment, live);
    return live;
  }

  /** Runs a transaction; if it fails, the touched deployments' in-memory windows are dropped and rebuilt next time. */
  private async write<T>(deployments: string[], work: (tx: IngestTransaction) => Promise<T>): Promise<T> {
    try {
      return await this.store.transaction(work);
    } catch (error) {
      for (const deployment of deployments) {
        this.live.delete(deployment);
        this.references.forget(deployment);
        for (const [key, bucket] of this.buckets) {
          if (bucket.deployment === deployment) {
            this.buckets.delete(key);
          }
        }
      }
      throw error;
    }
  }

  private async addToBucket(tx: IngestTransaction, record: PredictionRecord): Promise<void> {
    const key = `${record.deployment}|${record.modelVersion}`;
    const time = new Date(record.time);
    let bucket = this.buckets.get(key);
    if (bucket !== undefined && !bucket.covers(time)) {
      await this.flushBucket(tx, bucket);
      bucket = undefined;
    }
    if (bucket === undefined) {
      const size = this.options.operationalSeconds * 1000;
      bucket = new OperationalBucket(
        record.deployment,
        record.modelVersion,
        new Date(Math.floor(time.getTime() / size) * size),
        this.options.operationalSeconds,
      );
      this.buckets.set(key, bucket);
    }
    bucket.add(record);
  }

  private async flushBucket(tx: IngestTransaction, bucket: OperationalBucket): Promise<void> {
    this.buckets.delete(`${bucket.deployment}|${bucket.modelVersion}`);
    await tx.insertOperational(bucket.summary());
  }

  private async checkPerformance(deployment: string): Promise<void> {
    const settings = await this.settingsOf(deployment);
    if (Object.keys(settings.performanceThresholds).length === 0) {
      return;
    }
    const rows = await this.store.judged(deployment, { last: settings.performanceWindow, labelledOnly: true });
    const summary = summarizePerformance(
      rows.map((r) => ({
        predicted: predictedValue(r.outputs, settings),
        probabilities: probabilitiesOf(r.outputs, settings),
        label: r.label,
      })),
      settings,
    );
    const live = await this.window(deployment);
    const changes = degradedMetrics(
      summary,
      settings.performanceThresholds,
      (m: PerformanceMetric) => PERFORMANCE_METRICS[m],
    ).filter((c) => (live.state.degraded[c.metric] ?? false) !== c.degraded);
    if (changes.length === 0) {
      return;
    }
    const now = new Date().toISOString();
    await this.write([deployment], async (tx) => {
      live.state = {
        ...live.state,
        degraded: { ...live.state.degraded, ...Object.fromEntries(changes.map((c) => [c.metric, c.degraded])) },
      };
      await tx.saveState(live.state);
      for (const change of changes) {
        await tx.publish(
          subjectOf(Events.performanceDegraded, this.options.prefix),
          createEnvelope(
            Events.performanceDegraded,
            {
              deployment,
              degraded: change.degraded,
              metric: change.metric,
              value: change.value,
              threshold: change.threshold,
              greaterIsBetter: PERFORMANCE_METRICS[change.metric],
              windowStart: now,
              windowEnd: now,
              labelled: summary.labelled,
            },
            { source: 'monitoring' },
          ),
        );
      }
    });
  }

  private cachedSettings(deployment: string): MonitorSettings {
    return this.settingsCache.get(deployment) ?? defaultSettings(deployment);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** Where a deployment that never served stands: before its first window. */
function firstState(deployment: string): WindowState {
  return { deployment, windowSeq: 1, windowStart: null, drifting: false, firstWindows: {}, degraded: {} };
}
