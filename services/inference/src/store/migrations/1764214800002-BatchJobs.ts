import { dialectOf } from '@ferry/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Batch prediction jobs. */
export class BatchJobs1764214800002 implements MigrationInterface {
  name = 'BatchJobs1764214800002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const bigint = dialectOf(queryRunner) === 'postgres' ? 'bigint' : 'integer';
    await queryRunner.query(`CREATE TABLE "batch_jobs" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "deployment" varchar(128) NOT NULL,
      "dataset_version_id" varchar(36) NOT NULL,
      "output_dataset_name" varchar(128) NOT NULL,
      "features" text,
      "chunk_size" integer NOT NULL,
      "model_version" text,
      "state" varchar(16) NOT NULL,
      "cancel_requested" boolean NOT NULL,
      "rows_done" ${bigint} NOT NULL,
      "rows_total" ${bigint},
      "output_dataset_version_id" varchar(36),
      "error" text,
      "created_at" varchar(24) NOT NULL,
      "started_at" varchar(24),
      "finished_at" varchar(24),
      "heartbeat_at" varchar(24),
      "created_by" varchar(255)
    )`);
    await queryRunner.query(`CREATE INDEX "batch_jobs_deployment" ON "batch_jobs" ("deployment", "created_at")`);
    await queryRunner.query(`CREATE INDEX "batch_jobs_state" ON "batch_jobs" ("state")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "batch_jobs"`);
  }
}
