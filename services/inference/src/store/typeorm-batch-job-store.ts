import { decodeCursor, encodeCursor, type Page, type PageRequest } from '@ferry/contracts';
import type { Database } from '@ferry/persistence';
import { In } from 'typeorm';

import type { BatchJob, BatchJobState } from '../domain/batch-job';
import type { BatchJobStore } from '../domain/ports';
import { BatchJobRow } from './entities';

/** BatchJobStore on TypeORM (SQLite or PostgreSQL); lists page by offset (jobs are few and append-only). */
export class TypeOrmBatchJobStore implements BatchJobStore {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.dataSource.getRepository(BatchJobRow);
  }

  async insert(job: BatchJob): Promise<void> {
    await this.repo.insert(toRow(job));
  }

  async update(job: BatchJob): Promise<void> {
    const { cancelRequested: _ignored, id, ...fields } = toRow(job);
    await this.repo.update({ id }, fields);
  }

  async requestCancel(id: string): Promise<void> {
    await this.repo.update({ id }, { cancelRequested: true });
  }

  async findById(id: string): Promise<BatchJob | undefined> {
    const row = await this.repo.findOneBy({ id });
    return row === null ? undefined : toJob(row);
  }

  async list(deployment: string | null, page: PageRequest): Promise<Page<BatchJob>> {
    const where = deployment === null ? {} : { deployment };
    const offset = page.after === undefined ? 0 : Number(decodeCursor(page.after)) + 1;
    const [rows, totalCount] = await Promise.all([
      this.repo.find({ where, order: { createdAt: 'DESC', id: 'ASC' }, skip: offset, take: page.first + 1 }),
      this.repo.count({ where }),
    ]);
    const items = rows.slice(0, page.first).map(toJob);
    return {
      items,
      cursors: items.map((_, i) => encodeCursor(String(offset + i))),
      hasNextPage: rows.length > page.first,
      totalCount,
    };
  }

  async unfinished(): Promise<BatchJob[]> {
    return (await this.repo.findBy({ state: In(['queued', 'running']) })).map(toJob);
  }
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const date = (s: string | null): Date | null => (s === null ? null : new Date(s));

function toRow(j: BatchJob): BatchJobRow {
  return {
    id: j.id,
    deployment: j.deployment,
    datasetVersionId: j.datasetVersionId,
    outputDatasetName: j.outputDatasetName,
    features: j.features === null ? null : JSON.stringify(j.features),
    chunkSize: j.chunkSize,
    modelVersion: j.modelVersion === null ? null : JSON.stringify(j.modelVersion),
    state: j.state,
    cancelRequested: j.cancelRequested,
    rowsDone: j.rowsDone,
    rowsTotal: j.rowsTotal,
    outputDatasetVersionId: j.outputDatasetVersionId,
    error: j.error,
    createdAt: j.createdAt.toISOString(),
    startedAt: iso(j.startedAt),
    finishedAt: iso(j.finishedAt),
    heartbeatAt: iso(j.heartbeatAt),
    createdBy: j.createdBy,
  };
}

function toJob(r: BatchJobRow): BatchJob {
  return {
    id: r.id,
    deployment: r.deployment,
    datasetVersionId: r.datasetVersionId,
    outputDatasetName: r.outputDatasetName,
    features: r.features === null ? null : (JSON.parse(r.features) as string[]),
    chunkSize: r.chunkSize,
    modelVersion: r.modelVersion === null ? null : (JSON.parse(r.modelVersion) as BatchJob['modelVersion']),
    state: r.state as BatchJobState,
    cancelRequested: Boolean(r.cancelRequested),
    rowsDone: Number(r.rowsDone),
    rowsTotal: r.rowsTotal === null ? null : Number(r.rowsTotal),
    outputDatasetVersionId: r.outputDatasetVersionId,
    error: r.error,
    createdAt: new Date(r.createdAt),
    startedAt: date(r.startedAt),
    finishedAt: date(r.finishedAt),
    heartbeatAt: date(r.heartbeatAt),
    createdBy: r.createdBy,
  };
}
