import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `monitors`: each deployment's settings as JSON text. */
@Entity({ name: 'monitors' })
export class MonitorRow {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  deployment!: string;

  @Column({ type: 'text' })
  settings!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}

/** `window_states`: where each deployment's open window stands. */
@Entity({ name: 'window_states' })
export class WindowStateRow {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  deployment!: string;

  @Column({ name: 'window_seq', type: 'integer' })
  windowSeq!: number;

  @Column({ name: 'window_start', type: 'varchar', length: 24, nullable: true })
  windowStart!: string | null;

  @Column({ type: 'boolean' })
  drifting!: boolean;

  @Column({ name: 'first_windows', type: 'text' })
  firstWindows!: string;

  @Column({ type: 'text' })
  degraded!: string;
}

/** `predictions`: one row per monitored prediction (inputs and outputs as JSON text). */
@Entity({ name: 'predictions' })
@Index('predictions_window', ['deployment', 'windowSeq'])
@Index('predictions_time', ['deployment', 'time'])
export class PredictionRow {
  @PrimaryColumn({ name: 'prediction_id', type: 'varchar', length: 255 })
  predictionId!: string;

  @Column({ type: 'varchar', length: 128 })
  deployment!: string;

  @Column({ name: 'window_seq', type: 'integer' })
  windowSeq!: number;

  @Column({ type: 'varchar', length: 24 })
  time!: string;

  @Column({ name: 'model_version', type: 'integer' })
  modelVersion!: number;

  @Column({ name: 'model_version_id', type: 'varchar', length: 64 })
  modelVersionId!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 255 })
  requestId!: string;

  @Column({ name: 'latency_ms', type: 'float' })
  latencyMs!: number;

  @Column({ type: 'text' })
  inputs!: string;

  @Column({ type: 'text' })
  outputs!: string;
}

/** `feedback`: ground truth per prediction id (the latest label wins). */
@Entity({ name: 'feedback' })
@Index('feedback_deployment', ['deployment', 'matched'])
export class FeedbackRow {
  @PrimaryColumn({ name: 'prediction_id', type: 'varchar', length: 255 })
  predictionId!: string;

  @Column({ type: 'varchar', length: 128 })
  deployment!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;

  @Column({ type: 'boolean' })
  matched!: boolean;
}

/** `drift_reports`: one per closed window. */
@Entity({ name: 'drift_reports' })
@Index('drift_reports_deployment', ['deployment', 'windowEnd'])
export class DriftReportRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 128 })
  deployment!: string;

  @Column({ name: 'window_seq', type: 'integer' })
  windowSeq!: number;

  @Column({ name: 'window_start', type: 'varchar', length: 24 })
  windowStart!: string;

  @Column({ name: 'window_end', type: 'varchar', length: 24 })
  windowEnd!: string;

  @Column({ type: 'integer' })
  rows!: number;

  @Column({ name: 'model_version', type: 'integer', nullable: true })
  modelVersion!: number | null;

  @Column({ type: 'text' })
  reference!: string;

  @Column({ name: 'dataset_drift', type: 'boolean' })
  datasetDrift!: boolean;

  @Column({ name: 'drift_share', type: 'float' })
  driftShare!: number;

  @Column({ name: 'share_drifted', type: 'float' })
  shareDrifted!: number;

  @Column({ type: 'text' })
  features!: string;

  @Column({ name: 'prediction_drift', type: 'text', nullable: true })
  predictionDrift!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}

/** `operational_windows`: closed operational buckets per deployment version. */
@Entity({ name: 'operational_windows' })
@Index('operational_windows_deployment', ['deployment', 'windowStart'])
export class OperationalWindowRow {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id!: string;

  @Column({ type: 'varchar', length: 128 })
  deployment!: string;

  @Column({ name: 'model_version', type: 'integer' })
  modelVersion!: number;

  @Column({ name: 'window_start', type: 'varchar', length: 24 })
  windowStart!: string;

  @Column({ name: 'window_end', type: 'varchar', length: 24 })
  windowEnd!: string;

  @Column({ type: 'integer' })
  requests!: number;

  @Column({ type: 'integer' })
  rows!: number;

  @Column({ name: 'latency_p50', type: 'float' })
  latencyP50!: number;

  @Column({ name: 'latency_p95', type: 'float' })
  latencyP95!: number;

  @Column({ name: 'latency_p99', type: 'float' })
  latencyP99!: number;

  @Column({ name: 'latency_mean', type: 'float' })
  latencyMean!: number;
}
