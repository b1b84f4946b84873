import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of `deployments`; routes and settings are JSON text, timestamps ISO-8601 UTC strings. */
@Entity({ name: 'deployments' })
export class DeploymentRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 128, unique: true })
  name!: string;

  @Column({ name: 'model_name', type: 'varchar', length: 128 })
  modelName!: string;

  @Column({ type: 'text' })
  traffic!: string;

  @Column({ type: 'text', nullable: true })
  shadow!: string | null;

  @Column({ type: 'text' })
  batching!: string;

  @Column({ name: 'log_sample_rate', type: 'float' })
  logSampleRate!: number;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;
}

/** A row of `batch_jobs`; the model version and features are JSON text, timestamps ISO-8601 UTC strings. */
@Entity({ name: 'batch_jobs' })
export class BatchJobRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 128 })
  deployment!: string;

  @Column({ name: 'dataset_version_id', type: 'varchar', length: 36 })
  datasetVersionId!: string;

  @Column({ name: 'output_dataset_name', type: 'varchar', length: 128 })
  outputDatasetName!: string;

  @Column({ type: 'text', nullable: true })
  features!: string | null;

  @Column({ name: 'chunk_size', type: 'integer' })
  chunkSize!: number;

  @Column({ name: 'model_version', type: 'text', nullable: true })
  modelVersion!: string | null;

  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ name: 'cancel_requested', type: 'boolean' })
  cancelRequested!: boolean;

  @Column({ name: 'rows_done', type: 'bigint' })
  rowsDone!: string | number;

  @Column({ name: 'rows_total', type: 'bigint', nullable: true })
  rowsTotal!: string | number | null;

  @Column({ name: 'output_dataset_version_id', type: 'varchar', length: 36, nullable: true })
  outputDatasetVersionId!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'started_at', type: 'varchar', length: 24, nullable: true })
  startedAt!: string | null;

  @Column({ name: 'finished_at', type: 'varchar', length: 24, nullable: true })
  finishedAt!: string | null;

  @Column({ name: 'heartbeat_at', type: 'varchar', length: 24, nullable: true })
  heartbeatAt!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;
}
