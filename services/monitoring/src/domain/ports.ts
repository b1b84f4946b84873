import type { EventEnvelope } from '@ferry/contracts';

import type { DriftReport, Feedback, OperationalWindow, StoredPrediction, WindowState } from './model';
import type { MonitorSettings } from './monitor';

/** What one ingest transaction writes: all of it or none. */
export interface IngestTransaction {
  insertPredictions(rows: StoredPrediction[]): Promise<void>;
  saveState(state: WindowState): Promise<void>;
  insertReport(report: DriftReport): Promise<void>;
  insertOperational(window: OperationalWindow): Promise<void>;
  publish(subject: string, envelope: EventEnvelope): Promise<void>;
}

export interface MonitoringStore {
  settings(deployment: string): Promise<MonitorSettings | undefined>;
  allSettings(): Promise<MonitorSettings[]>;
  saveSettings(settings: MonitorSettings): Promise<void>;
  state(deployment: string): Promise<WindowState | undefined>;
  /** Which of these prediction ids are stored already (duplicates are dropped). */
  knownIds(ids: string[]): Promise<Set<string>>;
  /** The rows of one window, in pages (to rebuild an open window's summary after a restart). */
  windowRows(deployment: string, windowSeq: number, visit: (rows: StoredPrediction[]) => void): Promise<void>;
  transaction<T>(work: (tx: IngestTransaction) => Promise<T>): Promise<T>;
  reports(deployment: string, options: { first: number; from?: Date; to?: Date }): Promise<DriftReport[]>;
  prediction(id: string): Promise<StoredPrediction | undefined>;
  /** The deployment of each of these prediction ids that is stored. */
  deploymentsOf(ids: string[]): Promise<Map<string, string>>;
  /** Upserts feedback (the latest label wins) with events, in one transaction. */
  recordFeedback(items: Feedback[], events: Array<{ subject: string; envelope: EventEnvelope }>): Promise<void>;
  /** Predictions with their labels (if any), newest first: the last `last`, or those in [from, to). */
  judged(
    deployment: string,
    options: { last?: number; from?: Date; to?: Date; labelledOnly?: boolean },
  ): Promise<Array<{ outputs: Record<string, unknown>; label: unknown }>>;
  unmatchedFeedback(deployment: string): Promise<number>;
  operational(deployment: string, options: { first: number; from?: Date; to?: Date }): Promise<OperationalWindow[]>;
}

/** The registry, as monitoring needs it: lineage of model versions, and the rows of dataset versions. */
export interface DatasetSource {
  /** The dataset version a model version was trained on (null when the lineage does not say). */
  trainedOn(modelVersionId: string): Promise<string | null>;
  /** Streams a dataset version's records (CSV cells as strings, JSON lines as parsed), in batches. */
  readRecords(datasetVersionId: string, visit: (records: Array<Record<string, unknown>>) => void): Promise<void>;
}
