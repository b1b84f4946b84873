import { Column, Entity, PrimaryColumn } from 'typeorm';

// Rows of the registry's tables. Timestamps are ISO-8601 UTC strings (fixed width, they sort as times);
// JSON documents are text; sizes are bigint (PostgreSQL returns them as strings: the mappers convert).

/** A row of `models`. Timestamps are ISO-8601 UTC strings (fixed width, so they sort as times) on both dialects. */
@Entity({ name: 'models' })
export class ModelRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 128, unique: true })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  tags!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;

  @Column({ name: 'latest_version', type: 'integer' })
  latestVersion!: number;
}

@Entity({ name: 'artifacts' })
export class ArtifactRow {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'bigint' })
  size!: string | number;

  @Column({ name: 'uploaded_at', type: 'varchar', length: 24 })
  uploadedAt!: string;
}

@Entity({ name: 'model_versions' })
export class ModelVersionRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'model_id', type: 'varchar', length: 36 })
  modelId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'artifact_sha256', type: 'varchar', length: 64 })
  artifactSha256!: string;

  @Column({ name: 'artifact_size', type: 'bigint' })
  artifactSize!: string | number;

  @Column({ type: 'varchar', length: 16 })
  format!: string;

  @Column({ type: 'text' })
  signature!: string;

  @Column({ name: 'opset_imports', type: 'text' })
  opsetImports!: string;

  @Column({ name: 'ir_version', type: 'integer' })
  irVersion!: number;

  @Column({ name: 'producer_name', type: 'varchar', length: 255 })
  producerName!: string;

  @Column({ name: 'producer_version', type: 'varchar', length: 255 })
  producerVersion!: string;

  @Column({ type: 'text' })
  metrics!: string;

  @Column({ type: 'text' })
  params!: string;

  @Column({ type: 'text' })
  tags!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 255 })
  source!: string;

  @Column({ name: 'dataset_version_id', type: 'varchar', length: 36, nullable: true })
  datasetVersionId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;
}

@Entity({ name: 'model_aliases' })
export class ModelAliasRow {
  @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 36 })
  modelId!: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  alias!: string;

  @Column({ name: 'version_id', type: 'varchar', length: 36 })
  versionId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;

  @Column({ name: 'updated_by', type: 'varchar', length: 255, nullable: true })
  updatedBy!: string | null;
}

@Entity({ name: 'alias_changes' })
export class AliasChangeRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'model_id', type: 'varchar', length: 36 })
  modelId!: string;

  @Column({ type: 'varchar', length: 128 })
  alias!: string;

  @Column({ name: 'from_version', type: 'integer', nullable: true })
  fromVersion!: number | null;

  @Column({ name: 'to_version', type: 'integer' })
  toVersion!: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  actor!: string | null;

  @Column({ type: 'varchar', length: 24 })
  at!: string;
}

@Entity({ name: 'datasets' })
export class DatasetRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 128, unique: true })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  tags!: string;

  @Column({ name: 'latest_version', type: 'integer' })
  latestVersion!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;
}

@Entity({ name: 'dataset_versions' })
export class DatasetVersionRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'dataset_id', type: 'varchar', length: 36 })
  datasetId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'artifact_sha256', type: 'varchar', length: 64 })
  artifactSha256!: string;

  @Column({ name: 'artifact_size', type: 'bigint' })
  artifactSize!: string | number;

  @Column({ type: 'varchar', length: 16 })
  format!: string;

  @Column({ name: 'row_count', type: 'bigint' })
  rowCount!: string | number;

  @Column({ type: 'text' })
  schema!: string;

  @Column({ type: 'text' })
  profile!: string;

  @Column({ name: 'schema_changes', type: 'text' })
  schemaChanges!: string;

  @Column({ type: 'boolean' })
  breaking!: boolean;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'source_dataset_version_id', type: 'varchar', length: 36, nullable: true })
  sourceDatasetVersionId!: string | null;

  @Column({ name: 'model_version_id', type: 'varchar', length: 36, nullable: true })
  modelVersionId!: string | null;

  @Column({ name: 'produced_by', type: 'varchar', length: 255, nullable: true })
  producedBy!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;
}
