import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Pipelines and training runs; plain SQL that both dialects accept. */
export class PipelinesAndRuns1764214800001 implements MigrationInterface {
  name = 'PipelinesAndRuns1764214800001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "pipelines" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "name" varchar(128) NOT NULL,
      "description" text NOT NULL,
      "dataset_name" varchar(128) NOT NULL,
      "dataset_version" integer,
      "target" varchar(256),
      "features" text,
      "trainer" text NOT NULL,
      "search" text,
      "validation" text NOT NULL,
      "model_name" varchar(128) NOT NULL,
      "promotion" text NOT NULL,
      "on_new_dataset_version" boolean NOT NULL,
      "on_drift_of" varchar(128),
      "schedule" varchar(255),
      "next_scheduled_at" varchar(24),
      "lock_version" integer NOT NULL DEFAULT 0,
      "revision" integer NOT NULL,
      "created_at" varchar(24) NOT NULL,
      "updated_at" varchar(24) NOT NULL,
      "created_by" varchar(255),
      CONSTRAINT "pipelines_name_unique" UNIQUE ("name")
    )`);
    await queryRunner.query(`CREATE INDEX "pipelines_dataset" ON "pipelines" ("dataset_name")`);
    await queryRunner.query(`CREATE INDEX "pipelines_drift" ON "pipelines" ("on_drift_of")`);
    await queryRunner.query(`CREATE INDEX "pipelines_schedule" ON "pipelines" ("next_scheduled_at")`);
    await queryRunner.query(`CREATE TABLE "training_runs" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "pipeline_id" varchar(36) NOT NULL REFERENCES "pipelines" ("id"),
      "pipeline_name" varchar(128) NOT NULL,
      "spec" text NOT NULL,
      "state" varchar(16) NOT NULL,
      "trigger_kind" varchar(32) NOT NULL,
      "trigger" text NOT NULL,
      "coalesced" text NOT NULL,
      "dispatched" boolean NOT NULL,
      "cancel_requested" boolean NOT NULL,
      "dataset_version_id" varchar(36),
      "dataset_version" integer,
      "progress" text NOT NULL,
      "trials" text NOT NULL,
      "metrics" text,
      "decision" text,
      "model_version" text,
      "logs" text NOT NULL,
      "error" text,
      "worker" varchar(255),
      "attempts" integer NOT NULL,
      "heartbeat_at" varchar(24),
      "created_at" varchar(24) NOT NULL,
      "started_at" varchar(24),
      "finished_at" varchar(24),
      "created_by" varchar(255)
    )`);
    await queryRunner.query(`CREATE INDEX "training_runs_open" ON "training_runs" ("pipeline_id", "state")`);
    await queryRunner.query(`CREATE INDEX "training_runs_pipeline" ON "training_runs" ("pipeline_name", "created_at")`);
    await queryRunner.query(`CREATE INDEX "training_runs_created" ON "training_runs" ("created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "training_runs"`);
    await queryRunner.query(`DROP TABLE "pipelines"`);
  }
}
