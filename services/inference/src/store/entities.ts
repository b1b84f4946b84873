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
