import type { Database } from '@ferry/persistence';

import type { ArtifactRef } from '../domain/artifact';
import type { ArtifactIndex } from '../domain/ports';
import { ArtifactRow } from './entities';

const UNREFERENCED = `NOT EXISTS (SELECT 1 FROM "model_versions" mv WHERE mv."artifact_sha256" = a."sha256")
  AND NOT EXISTS (SELECT 1 FROM "dataset_versions" dv WHERE dv."artifact_sha256" = a."sha256")`;

/** The artifacts table: what was uploaded when, and what nothing references any more. */
export class TypeOrmArtifactIndex implements ArtifactIndex {
  constructor(private readonly db: Database) {}

  async recordUpload(ref: ArtifactRef, at: Date): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.upsert(ArtifactRow, { sha256: ref.sha256, size: ref.size, uploadedAt: at.toISOString() }, [
        'sha256',
      ]);
    });
  }

  async get(sha256: string): Promise<(ArtifactRef & { uploadedAt: Date }) | undefined> {
    const row = await this.db.dataSource.getRepository(ArtifactRow).findOneBy({ sha256 });
    return row === null ? undefined : { sha256, size: Number(row.size), uploadedAt: new Date(row.uploadedAt) };
  }

  async unreferencedBefore(cutoff: Date): Promise<string[]> {
    const rows = await this.db.dataSource
      .getRepository(ArtifactRow)
      .createQueryBuilder('a')
      .where('a.uploaded_at < :cutoff', { cutoff: cutoff.toISOString() })
      .andWhere(UNREFERENCED)
      .getMany();
    return rows.map((r) => r.sha256);
  }

  async forgetIfUnreferenced(sha256: string, cutoff: Date): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .delete()
        .from(ArtifactRow, 'a')
        .where('sha256 = :sha256', { sha256 })
        .andWhere('uploaded_at < :cutoff', { cutoff: cutoff.toISOString() })
        .andWhere(UNREFERENCED.replace(/a\."sha256"/g, `"artifacts"."sha256"`))
        .execute();
      return (result.affected ?? 0) > 0;
    });
  }
}
