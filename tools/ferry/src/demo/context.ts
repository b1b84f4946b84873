import type { FerryClient } from '../client/client';

import type { TrainingRun } from './api';
import type { EventLog } from './events';
import type { LiveTraffic } from './traffic';
import type { SeededRandom } from './users';

/** What the demo creates, suffixed when it runs against a platform that may already hold these names. */
export interface DemoNames {
  dataset: string;
  segments: { pipeline: string; model: string; deployment: string };
  propensity: { pipeline: string; model: string; deployment: string };
}

export function demoNames(suffix: string): DemoNames {
  return {
    dataset: `ad-users${suffix}`,
    segments: { pipeline: `segments${suffix}`, model: `ad-segments${suffix}`, deployment: `segments${suffix}` },
    propensity: {
      pipeline: `propensity${suffix}`,
      model: `purchase-propensity${suffix}`,
      deployment: `propensity${suffix}`,
    },
  };
}

/** A run as the `trainingRunUpdates` subscription reports it. */
export interface RunUpdate {
  runId: string;
  pipeline: string;
  state: string;
  trigger: string;
  error: string | null;
}

/** A prediction record as the `predictions` subscription delivers it. */
export interface PredictionEvent {
  id: string;
  deployment: string;
  modelVersion: number;
  kind: string;
  rows: Array<{ predictionId: string }>;
}

export interface DriftAlertFeature {
  name: string;
  method: string;
  statistic: number;
  threshold: number;
  drifted: boolean;
}

/** A drift alert as the `driftAlerts` subscription delivers it. */
export interface DriftAlert {
  reportId: string;
  deployment: string;
  drifting: boolean;
  datasetDrift: boolean;
  rows: number;
  driftedFeatures: string[];
  features: DriftAlertFeature[];
  modelVersion: number | null;
}

/** Everything the steps share: the client, the names, the seeded users, and what earlier steps found. */
export interface DemoContext {
  client: FerryClient;
  names: DemoNames;
  random: SeededRandom;
  runUpdates: EventLog<RunUpdate>;
  /**
   * Every prediction id the propensity deployment answered to the demo. Its records reach the subscription
   * asynchronously (the inference service logs predictions in batches), so one may arrive after a later step began.
   */
  answered: Set<string>;
  predictions?: EventLog<PredictionEvent>;
  driftAlerts?: EventLog<DriftAlert>;
  traffic?: LiveTraffic;
  /** The first propensity model, the champion the retrain has to beat. */
  champion?: TrainingRun;
  /** When the alias moved to the challenger (to time the swap). */
  aliasMovedAt?: number;
}

/** Users per dataset version: enough for stable metrics, small enough to train in a second or two. */
export const USERS_PER_VERSION = 8000;
/** Segments k-means looks for. */
export const SEGMENTS = 4;
/** Predictions per monitoring window: small, so drift shows within a second or two of traffic. */
export const WINDOW_SIZE = 1000;
