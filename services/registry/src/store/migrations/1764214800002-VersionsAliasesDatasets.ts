import { dialectOf } from '@ferry/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Artifacts, model versions, aliases with their audit log, datasets and their versions. */
export class VersionsAliasesDatasets1764214800002 implements MigrationInterface {
  name = 'VersionsAliasesDatasets1764214800002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const bigint = dialectOf(queryRunner) === 'postgres' ? 'bigint' : 'integer';
    await queryRunner.query(`ALTER TABLE "models" ADD COLUMN "latest_version" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`CREATE TABLE "artifacts" (
      "sha256" varchar(64) PRIMARY KEY NOT NULL,
      "size" ${bigint} NOT NULL,
      "uploaded_at" varchar(24) NOT NULL
    )`);
    await queryRunner.query(`CREATE TABLE "model_versions" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "model_id" varchar(36) NOT NULL REFERENCES "models" ("id"),
      "version" integer NOT NULL,
      "artifact_sha256" varchar(64) NOT NULL,
      "artifact_size" ${bigint} NOT NULL,
      "format" varchar(16) NOT NULL,
      "signature" text NOT NULL,
      "opset_imports" text NOT NULL,
      "ir_version" integer NOT NULL,
      "producer_name" varchar(255) NOT NULL,
      "producer_version" varchar(255) NOT NULL,
      "metrics" text NOT NULL,
      "params" text NOT NULL,
      "tags" text NOT NULL,
      "description" text NOT NULL,
      "source" varchar(255) NOT NULL,
      "dataset_version_id" varchar(36),
      "status" varchar(16) NOT NULL,
      "status_reason" text,
      "created_at" varchar(24) NOT NULL,
      "updated_at" varchar(24) NOT NULL,
      "created_by" varchar(255),
      CONSTRAINT "model_versions_number_unique" UNIQUE ("model_id", "version")
    )`);
    await queryRunner.query(`CREATE INDEX "model_versions_artifact" ON "model_versions" ("artifact_sha256")`);
    await queryRunner.query(`CREATE INDEX "model_versions_dataset" ON "model_versions" ("dataset_version_id")`);
    await queryRunner.query(`CREATE INDEX "model_versions_status" ON "model_versions" ("status")`);
    await queryRunner.query(`CREATE TABLE "model_aliases" (
      "model_id" varchar(36) NOT NULL REFERENCES "models" ("id"),
      "alias" varchar(128) NOT NULL,
      "version_id" varchar(36) NOT NULL REFERENCES "model_versions" ("id"),
      "version" integer NOT NULL,
      "updated_at" varchar(24) NOT NULL,
      "updated_by" varchar(255),
      PRIMARY KEY ("model_id", "alias")
    )`);
    await queryRunner.query(`CREATE INDEX "model_aliases_version" ON "model_aliases" ("version_id")`);
    await queryRunner.query(`CREATE TABLE "alias_changes" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "model_id" varchar(36) NOT NULL REFERENCES "models" ("id"),
      "alias" varchar(128) NOT NULL,
      "from_version" integer,
      "to_version" integer NOT NULL,
      "actor" varchar(255),
      "at" varchar(24) NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX "alias_changes_model" ON "alias_changes" ("model_id", "alias", "at")`);
    await queryRunner.query(`CREATE TABLE "datasets" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "name" varchar(128) NOT NULL,
      "description" text NOT NULL,
      "tags" text NOT NULL,
      "latest_version" integer NOT NULL DEFAULT 0,
      "created_at" varchar(24) NOT NULL,
      "updated_at" varchar(24) NOT NULL,
      "created_by" varchar(255),
      CONSTRAINT "datasets_name_unique" UNIQUE ("name")
    )`);
    await queryRunner.query(`CREATE TABLE "dataset_versions" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "dataset_id" varchar(36) NOT NULL REFERENCES "datasets" ("id"),
      "version" integer NOT NULL,
      "artifact_sha256" varchar(64) NOT NULL,
      "artifact_size" ${bigint} NOT NULL,
      "format" varchar(16) NOT NULL,
      "row_count" ${bigint} NOT NULL,
      "schema" text NOT NULL,
      "profile" text NOT NULL,
      "schema_changes" text NOT NULL,
      "breaking" boolean NOT NULL,
      "description" text NOT NULL,
      "created_at" varchar(24) NOT NULL,
      "created_by" varchar(255),
      CONSTRAINT "dataset_versions_number_unique" UNIQUE ("dataset_id", "version")
    )`);
    await queryRunner.query(`CREATE INDEX "dataset_versions_artifact" ON "dataset_versions" ("artifact_sha256")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'dataset_versions',
      'datasets',
      'alias_changes',
      'model_aliases',
      'model_versions',
      'artifacts',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
    await queryRunner.query(`ALTER TABLE "models" DROP COLUMN "latest_version"`);
  }
}
