import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Monitors, window positions, predictions, feedback, drift reports and operational windows (SQL both dialects accept). */
export class Monitoring1764214800001 implements MigrationInterface {
  name = 'Monitoring1764214800001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "monitors" (
      "deployment" varchar(128) PRIMARY KEY NOT NULL,
      "settings" text NOT NULL,
      "updated_at" varchar(24) NOT NULL
    )`);
    await queryRunner.query(`CREATE TABLE "window_states" (
      "deployment" varchar(128) PRIMARY KEY NOT NULL,
      "window_seq" integer NOT NULL,
      "window_start" varchar(24),
      "drifting" boolean NOT NULL,
      "first_windows" text NOT NULL,
      "degraded" text NOT NULL
    )`);
    await queryRunner.query(`CREATE TABLE "predictions" (
      "prediction_id" varchar(255) PRIMARY KEY NOT NULL,
      "deployment" varchar(128) NOT NULL,
      "window_seq" integer NOT NULL,
      "time" varchar(24) NOT NULL,
      "model_version" integer NOT NULL,
      "model_version_id" varchar(64) NOT NULL,
      "request_id" varchar(255) NOT NULL,
      "latency_ms" float NOT NULL,
      "inputs" text NOT NULL,
      "outputs" text NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX "predictions_window" ON "predictions" ("deployment", "window_seq")`);
    await queryRunner.query(`CREATE INDEX "predictions_time" ON "predictions" ("deployment", "time")`);
    await queryRunner.query(`CREATE TABLE "feedback" (
      "prediction_id" varchar(255) PRIMARY KEY NOT NULL,
      "deployment" varchar(128) NOT NULL,
      "label" text NOT NULL,
      "received_at" varchar(24) NOT NULL,
      "matched" boolean NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX "feedback_deployment" ON "feedback" ("deployment", "matched")`);
    await queryRunner.query(`CREATE TABLE "drift_reports" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "deployment" varchar(128) NOT NULL,
      "window_seq" integer NOT NULL,
      "window_start" varchar(24) NOT NULL,
      "window_end" varchar(24) NOT NULL,
      "rows" integer NOT NULL,
      "model_version" integer,
      "reference" text NOT NULL,
      "dataset_drift" boolean NOT NULL,
      "drift_share" float NOT NULL,
      "share_drifted" float NOT NULL,
      "features" text NOT NULL,
      "prediction_drift" text,
      "created_at" varchar(24) NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX "drift_reports_deployment" ON "drift_reports" ("deployment", "window_end")`);
    await queryRunner.query(`CREATE TABLE "operational_windows" (
      "id" varchar(200) PRIMARY KEY NOT NULL,
      "deployment" varchar(128) NOT NULL,
      "model_version" integer NOT NULL,
      "window_start" varchar(24) NOT NULL,
      "window_end" varchar(24) NOT NULL,
      "requests" integer NOT NULL,
      "rows" integer NOT NULL,
      "latency_p50" float NOT NULL,
      "latency_p95" float NOT NULL,
      "latency_p99" float NOT NULL,
      "latency_mean" float NOT NULL
    )`);
    await queryRunner.query(
      `CREATE INDEX "operational_windows_deployment" ON "operational_windows" ("deployment", "window_start")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'operational_windows',
      'drift_reports',
      'feedback',
      'predictions',
      'window_states',
      'monitors',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
