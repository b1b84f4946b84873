import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The models table; plain SQL that both dialects accept. */
export class Models1764214800001 implements MigrationInterface {
  name = 'Models1764214800001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "models" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "name" varchar(128) NOT NULL,
      "description" text NOT NULL,
      "tags" text NOT NULL,
      "created_at" varchar(24) NOT NULL,
      "updated_at" varchar(24) NOT NULL,
      "created_by" varchar(255),
      CONSTRAINT "models_name_unique" UNIQUE ("name")
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "models"`);
  }
}
