import { decodeCursor, encodeCursor, type Page, type PageRequest } from '@ferry/contracts';
import { appendToOutbox, type Database } from '@ferry/persistence';
import { Not, In, type EntityManager } from 'typeorm';

import type { OutgoingEvent } from '../domain/events';
import type { Pipeline } from '../domain/pipeline';
import type { HeartbeatAnswer, PipelineRunsTx, RunStore } from '../domain/ports';
import type { RunProgress, RunState, TrainingRun, Trial } from '../domain/run';
import { PipelineRow, RunRow } from './entities';
import { rowToPipeline, rowToRun, runToRow, toJson } from './mappers';

const FINAL_STATES = ['succeeded', 'failed', 'cancelled'];

/** RunStore on TypeORM (SQLite or PostgreSQL); runs list newest first with keyset cursors. */
export class TypeOrmRunStore implements RunStore {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.dataSource.getRepository(RunRow);
  }

  async withPipeline<T>(pipelineId: string, work: (tx: PipelineRunsTx) => Promise<T>): Promise<T> {
    return this.db.transaction(async (manager) => {
      // Writing the pipeline's row first takes its lock (a row lock on PostgreSQL, the write lock on SQLite), so
      // transactions over one pipeline's runs never interleave, across processes too.
      await manager
        .createQueryBuilder()
        .update(PipelineRow)
        .set({ lockVersion: () => 'lock_version + 1' })
        .where('id = :id', { id: pipelineId })
        .execute();
      return work(new RunsTx(manager, pipelineId));
    });
  }

  async findById(id: string): Promise<TrainingRun | undefined> {
    const row = await this.repo.findOneBy({ id });
    return row === null ? undefined : rowToRun(row);
  }

  async list(
    filter: { pipeline: string | null; state: RunState | null },
    page: PageRequest,
  ): Promise<Page<TrainingRun>> {
    const where = (qb: ReturnType<typeof this.repo.createQueryBuilder>) => {
      if (filter.pipeline !== null) {
        qb.andWhere('r.pipelineName = :pipeline', { pipeline: filter.pipeline });
      }
      if (filter.state !== null) {
        qb.andWhere('r.state = :state', { state: filter.state });
      }
      return qb;
    };
    const query = where(this.repo.createQueryBuilder('r').where('1 = 1'));
    if (page.after !== undefined) {
      const [createdAt, id] = decodeCursor(page.after).split('|');
      query.andWhere('(r.createdAt < :c OR (r.createdAt = :c AND r.id < :id))', { c: createdAt, id });
    }
    const [rows, totalCount] = await Promise.all([
      query
        .orderBy('r.createdAt', 'DESC')
        .addOrderBy('r.id', 'DESC')
        .take(page.first + 1)
        .getMany(),
      where(this.repo.createQueryBuilder('r').where('1 = 1')).getCount(),
    ]);
    const items = rows.slice(0, page.first).map(rowToRun);
    return {
      items,
      cursors: items.map((r) => encodeCursor(`${r.createdAt.toISOString()}|${r.id}`)),
      hasNextPage: rows.length > page.first,
      totalCount,
    };
  }

  async heartbeat(
    id: string,
    worker: string,
    attempt: number,
    patch: { progress: RunProgress; trials: Trial[]; logs: string },
  ): Promise<HeartbeatAnswer> {
    const result = await this.db.transaction((manager) =>
      manager.update(
        RunRow,
        { id, worker, attempts: attempt, state: 'running' },
        {
          heartbeatAt: new Date().toISOString(),
          progress: toJson(patch.progress),
          trials: toJson(patch.trials),
          logs: patch.logs,
        },
      ),
    );
    const row = await this.repo.findOne({ where: { id }, select: { id: true, cancelRequested: true } });
    return { held: (result.affected ?? 0) > 0, cancelRequested: Boolean(row?.cancelRequested) };
  }

  async countByState(): Promise<Record<string, number>> {
    const rows = await this.repo
      .createQueryBuilder('r')
      .select('r.state', 'state')
      .addSelect('COUNT(*)', 'count')
      .groupBy('r.state')
      .getRawMany<{ state: string; count: string | number }>();
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
  }
}

/** One transaction over one pipeline's runs. */
class RunsTx implements PipelineRunsTx {
  constructor(
    private readonly manager: EntityManager,
    private readonly pipelineId: string,
  ) {}

  async pipeline(): Promise<Pipeline | undefined> {
    const row = await this.manager.findOneBy(PipelineRow, { id: this.pipelineId });
    return row === null ? undefined : rowToPipeline(row);
  }

  async openRuns(): Promise<TrainingRun[]> {
    const rows = await this.manager.find(RunRow, {
      where: { pipelineId: this.pipelineId, state: Not(In(FINAL_STATES)) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(rowToRun);
  }

  async run(id: string): Promise<TrainingRun | undefined> {
    const row = await this.manager.findOneBy(RunRow, { id });
    return row === null ? undefined : rowToRun(row);
  }

  async insert(run: TrainingRun): Promise<void> {
    await this.manager.insert(RunRow, runToRow(run));
  }

  async update(run: TrainingRun): Promise<void> {
    const { id, ...fields } = runToRow(run);
    await this.manager.update(RunRow, { id }, fields);
  }

  async publish(...events: OutgoingEvent[]): Promise<void> {
    for (const event of events) {
      await appendToOutbox(this.manager, event.subject, event.envelope);
    }
  }
}
