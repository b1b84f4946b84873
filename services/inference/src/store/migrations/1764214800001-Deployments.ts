import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The deployments table; plain SQL that both dialects accept. */
export class Deployments1764214800001 implements MigrationInterface {
  name = 'Deployments1764214800001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "deployments" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "name" varchar(128) NOT NULL,
      "model_name" varchar(128) NOT NULL,
      "traffic" text NOT NULL,
      "shadow" text,
      "batching" text NOT NULL,
      "log_sample_rate" float NOT NULL,
      "revision" integer NOT NULL,
      "created_at" varchar(24) NOT NULL,
      "updated_at" varchar(24) NOT NULL,
      "created_by" varchar(255),
      CONSTRAINT "deployments_name_unique" UNIQUE ("name")
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "deployments"`);
  }
}
