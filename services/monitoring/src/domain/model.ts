import type { DriftResult } from '@ferry/drift';

import type { ReferenceChoice } from './monitor';

/** One prediction row as monitoring keeps it: for feedback joins and to rebuild an open window after a restart. */
export interface StoredPrediction {
  predictionId: string;
  deployment: string;
  windowSeq: number;
  time: Date;
  modelVersion: number;
  modelVersionId: string;
  requestId: string;
  latencyMs: number;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** A deployment's window position, persisted with every ingested batch. */
export interface WindowState {
  deployment: string;
  /** The open window's number (1 for the first). */
  windowSeq: number;
  /** When the open window started (its first row's time), null while it is empty. */
  windowStart: Date | null;
  /** Whether the last closed window found dataset drift (alerts fire on changes of this). */
  drifting: boolean;
  /** Per model version: the first window it served (the reference for predictions, and for features without lineage). */
  firstWindows: Record<string, number>;
  /** Per metric: whether it is degraded now (alerts fire on changes). */
  degraded: Record<string, boolean>;
}

/** The verdict of one closed window. */
export interface DriftReport {
  id: string;
  deployment: string;
  windowSeq: number;
  windowStart: Date;
  windowEnd: Date;
  rows: number;
  modelVersion: number | null;
  /** What the window was compared with; `self` when this window is the reference (first window of a version). */
  reference: ReferenceChoice | { kind: 'self' };
  datasetDrift: boolean;
  driftShare: number;
  shareOfDriftedColumns: number;
  features: DriftResult[];
  predictionDrift: DriftResult | null;
  createdAt: Date;
}

/** Ground truth for a prediction. */
export interface Feedback {
  predictionId: string;
  deployment: string;
  label: unknown;
  receivedAt: Date;
  /** False when no prediction with this id was known when it arrived (reported, kept, joined if it appears). */
  matched: boolean;
}

/** Operational figures of one deployment version over a time bucket. */
export interface OperationalWindow {
  deployment: string;
  modelVersion: number;
  windowStart: Date;
  windowEnd: Date;
  requests: number;
  rows: number;
  latencyP50: number;
  latencyP95: number;
  latencyP99: number;
  latencyMean: number;
}
