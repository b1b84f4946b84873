import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The gateway's API keys; plain SQL that both dialects accept. */
export class ApiKeys1767225600001 implements MigrationInterface {
  name = 'ApiKeys1767225600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "api_keys" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "name" varchar(128) NOT NULL,
      "role" varchar(16) NOT NULL,
      "key_hash" varchar(64) NOT NULL,
      "prefix" varchar(16) NOT NULL,
      "created_at" varchar(24) NOT NULL,
      "created_by" varchar(255),
      "revoked_at" varchar(24),
      "revoked_by" varchar(255),
      CONSTRAINT "api_keys_name_unique" UNIQUE ("name"),
      CONSTRAINT "api_keys_hash_unique" UNIQUE ("key_hash")
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
