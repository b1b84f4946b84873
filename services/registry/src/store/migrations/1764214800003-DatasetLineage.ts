import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lineage of derived dataset versions (batch predictions): source dataset version, model version, producer. */
export class DatasetLineage1764214800003 implements MigrationInterface {
  name = 'DatasetLineage1764214800003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "dataset_versions" ADD COLUMN "source_dataset_version_id" varchar(36)`);
    await queryRunner.query(`ALTER TABLE "dataset_versions" ADD COLUMN "model_version_id" varchar(36)`);
    await queryRunner.query(`ALTER TABLE "dataset_versions" ADD COLUMN "produced_by" varchar(255)`);
    await queryRunner.query(
      `CREATE INDEX "dataset_versions_source" ON "dataset_versions" ("source_dataset_version_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "dataset_versions_source"`);
    await queryRunner.query(`ALTER TABLE "dataset_versions" DROP COLUMN "produced_by"`);
    await queryRunner.query(`ALTER TABLE "dataset_versions" DROP COLUMN "model_version_id"`);
    await queryRunner.query(`ALTER TABLE "dataset_versions" DROP COLUMN "source_dataset_version_id"`);
  }
}
