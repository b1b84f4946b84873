import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A row of `pipelines`. Nested settings are JSON text; the trigger fields the service queries by are columns of
 * their own; timestamps are ISO-8601 UTC strings (which sort as time).
 */
@Entity({ name: 'pipelines' })
export class PipelineRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 128, unique: true })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'dataset_name', type: 'varchar', length: 128 })
  datasetName!: string;

  @Column({ name: 'dataset_version', type: 'integer', nullable: true })
  datasetVersion!: number | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  target!: string | null;

  @Column({ type: 'text', nullable: true })
  features!: string | null;

  @Column({ type: 'text' })
  trainer!: string;

  @Column({ type: 'text', nullable: true })
  search!: string | null;

  @Column({ type: 'text' })
  validation!: string;

  @Column({ name: 'model_name', type: 'varchar', length: 128 })
  modelName!: string;

  @Column({ type: 'text' })
  promotion!: string;

  @Column({ name: 'on_new_dataset_version', type: 'boolean' })
  onNewDatasetVersion!: boolean;

  @Column({ name: 'on_drift_of', type: 'varchar', length: 128, nullable: true })
  onDriftOf!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  schedule!: string | null;

  @Column({ name: 'next_scheduled_at', type: 'varchar', length: 24, nullable: true })
  nextScheduledAt!: string | null;

  /** Bumped by every transaction that changes the pipeline's runs: the write takes the row's lock. */
  @Column({ name: 'lock_version', type: 'integer' })
  lockVersion!: number;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;
}

/** A row of `training_runs`: the run's snapshot of its pipeline, trials, decision and logs are JSON or text. */
@Entity({ name: 'training_runs' })
export class RunRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'pipeline_id', type: 'varchar', length: 36 })
  pipelineId!: string;

  @Column({ name: 'pipeline_name', type: 'varchar', length: 128 })
  pipelineName!: string;

  @Column({ type: 'text' })
  spec!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ name: 'trigger_kind', type: 'varchar', length: 32 })
  triggerKind!: string;

  @Column({ type: 'text' })
  trigger!: string;

  @Column({ type: 'text' })
  coalesced!: string;

  @Column({ type: 'boolean' })
  dispatched!: boolean;

  @Column({ name: 'cancel_requested', type: 'boolean' })
  cancelRequested!: boolean;

  @Column({ name: 'dataset_version_id', type: 'varchar', length: 36, nullable: true })
  datasetVersionId!: string | null;

  @Column({ name: 'dataset_version', type: 'integer', nullable: true })
  datasetVersion!: number | null;

  @Column({ type: 'text' })
  progress!: string;

  @Column({ type: 'text' })
  trials!: string;

  @Column({ type: 'text', nullable: true })
  metrics!: string | null;

  @Column({ type: 'text', nullable: true })
  decision!: string | null;

  @Column({ name: 'model_version', type: 'text', nullable: true })
  modelVersion!: string | null;

  @Column({ type: 'text' })
  logs!: string;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  worker!: string | null;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'heartbeat_at', type: 'varchar', length: 24, nullable: true })
  heartbeatAt!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'started_at', type: 'varchar', length: 24, nullable: true })
  startedAt!: string | null;

  @Column({ name: 'finished_at', type: 'varchar', length: 24, nullable: true })
  finishedAt!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;
}
