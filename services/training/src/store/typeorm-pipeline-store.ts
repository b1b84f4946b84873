import { conflict, decodeCursor, encodeCursor, type Page, type PageRequest } from '@ferry/contracts';
import type { Database } from '@ferry/persistence';
import { LessThanOrEqual, MoreThan, Not, IsNull } from 'typeorm';

import type { Pipeline } from '../domain/pipeline';
import type { PipelineStore } from '../domain/ports';
import { PipelineRow } from './entities';
import { pipelineToRow, rowToPipeline } from './mappers';
import { isUniqueViolation } from './unique-violation';

/** PipelineStore on TypeORM (SQLite or PostgreSQL); lists page by name. */
export class TypeOrmPipelineStore implements PipelineStore {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.dataSource.getRepository(PipelineRow);
  }

  async insert(pipeline: Pipeline): Promise<void> {
    try {
      await this.repo.insert(pipelineToRow(pipeline));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(`a pipeline named "${pipeline.name}" already exists`);
      }
      throw error;
    }
  }

  async update(pipeline: Pipeline): Promise<void> {
    const { id, lockVersion: _lock, createdAt: _created, ...fields } = pipelineToRow(pipeline);
    await this.db.transaction((manager) => manager.update(PipelineRow, { id }, fields));
  }

  async findByName(name: string): Promise<Pipeline | undefined> {
    const row = await this.repo.findOneBy({ name });
    return row === null ? undefined : rowToPipeline(row);
  }

  async findById(id: string): Promise<Pipeline | undefined> {
    const row = await this.repo.findOneBy({ id });
    return row === null ? undefined : rowToPipeline(row);
  }

  async list(page: PageRequest): Promise<Page<Pipeline>> {
    const where = page.after === undefined ? {} : { name: MoreThan(decodeCursor(page.after)) };
    const [rows, totalCount] = await Promise.all([
      this.repo.find({ where, order: { name: 'ASC' }, take: page.first + 1 }),
      this.repo.count(),
    ]);
    const items = rows.slice(0, page.first).map(rowToPipeline);
    return {
      items,
      cursors: items.map((p) => encodeCursor(p.name)),
      hasNextPage: rows.length > page.first,
      totalCount,
    };
  }

  async onNewVersionOf(datasetName: string): Promise<Pipeline[]> {
    const rows = await this.repo.find({
      where: { datasetName, onNewDatasetVersion: true, datasetVersion: IsNull() },
      order: { name: 'ASC' },
    });
    return rows.map(rowToPipeline);
  }

  async onDriftOf(deployment: string): Promise<Pipeline[]> {
    return (await this.repo.find({ where: { onDriftOf: deployment }, order: { name: 'ASC' } })).map(rowToPipeline);
  }

  async scheduledBy(now: Date): Promise<Pipeline[]> {
    const rows = await this.repo.find({
      where: { nextScheduledAt: LessThanOrEqual(now.toISOString()), schedule: Not(IsNull()) },
      order: { nextScheduledAt: 'ASC' },
    });
    return rows.map(rowToPipeline);
  }

  async advanceSchedule(id: string, expected: Date, next: Date | null): Promise<boolean> {
    const result = await this.db.transaction((manager) =>
      manager.update(
        PipelineRow,
        { id, nextScheduledAt: expected.toISOString() },
        { nextScheduledAt: next === null ? null : next.toISOString() },
      ),
    );
    return (result.affected ?? 0) > 0;
  }
}
