import type { MetricsRegistry } from '@ferry/metrics';

import type { DriftReport } from '../domain/model';
import type { MonitoringObserver } from '../domain/monitoring';

/** Prometheus series of the monitoring service: what it ingested, dropped, closed and joined. */
export class MonitoringTelemetry implements MonitoringObserver {
  readonly invalid;
  private readonly rows;
  private readonly duplicates;
  private readonly windows;
  private readonly drifting;
  private readonly feedbackCount;

  constructor(registry: MetricsRegistry) {
    this.rows = registry.counter('ferry_monitoring_rows_ingested_total', 'Prediction rows ingested.', ['deployment']);
    this.duplicates = registry.counter(
      'ferry_monitoring_duplicate_rows_total',
      'Prediction rows dropped as duplicates (same prediction id).',
    );
    this.invalid = registry.counter(
      'ferry_monitoring_invalid_messages_total',
      'Messages on the predictions or feedback streams that did not match their schema (terminated).',
    );
    this.windows = registry.counter('ferry_monitoring_windows_closed_total', 'Windows closed, by dataset verdict.', [
      'deployment',
      'drift',
    ]);
    this.drifting = registry.gauge('ferry_monitoring_drifting', '1 while the last window of a deployment drifted.', [
      'deployment',
    ]);
    this.feedbackCount = registry.counter(
      'ferry_monitoring_feedback_total',
      'Feedback received, by whether its prediction was known.',
      ['matched'],
    );
  }

  ingested(deployment: string, rows: number, duplicates: number): void {
    if (rows > 0) {
      this.rows.inc({ deployment }, rows);
    }
    if (duplicates > 0) {
      this.duplicates.inc(duplicates);
    }
  }

  windowClosed(report: DriftReport): void {
    this.windows.inc({ deployment: report.deployment, drift: String(report.datasetDrift) });
    this.drifting.set(report.datasetDrift ? 1 : 0, { deployment: report.deployment });
  }

  feedback(matched: number, unmatched: number): void {
    if (matched > 0) {
      this.feedbackCount.inc({ matched: 'true' }, matched);
    }
    if (unmatched > 0) {
      this.feedbackCount.inc({ matched: 'false' }, unmatched);
    }
  }
}
