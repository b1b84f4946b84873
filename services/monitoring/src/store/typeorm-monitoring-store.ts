import type { EventEnvelope } from '@ferry/contracts';
import { appendToOutbox, type Database } from '@ferry/persistence';
import { In, MoreThan, type EntityManager } from 'typeorm';

import type { DriftReport, Feedback, OperationalWindow, StoredPrediction, WindowState } from '../domain/model';
import type { MonitorSettings } from '../domain/monitor';
import type { IngestTransaction, MonitoringStore } from '../domain/ports';
import {
  DriftReportRow,
  FeedbackRow,
  MonitorRow,
  OperationalWindowRow,
  PredictionRow,
  WindowStateRow,
} from './entities';
import {
  feedbackRow,
  operationalRow,
  predictionRow,
  reportRow,
  settingsRow,
  stateRow,
  toOperational,
  toPrediction,
  toReport,
  toSettings,
  toState,
} from './mappers';

/** Rows per multi-row INSERT (10 columns each: well under both databases' parameter limits). */
const INSERT_CHUNK = 500;
const PAGE = 5000;
const PREDICTION_COLUMNS =
  '("prediction_id", "deployment", "window_seq", "time", "model_version", "model_version_id", "request_id", "latency_ms", "inputs", "outputs")';

/** MonitoringStore on TypeORM (SQLite or PostgreSQL). */
export class TypeOrmMonitoringStore implements MonitoringStore {
  constructor(private readonly db: Database) {}

  private get ds() {
    return this.db.dataSource;
  }

  async settings(deployment: string): Promise<MonitorSettings | undefined> {
    const row = await this.ds.getRepository(MonitorRow).findOneBy({ deployment });
    return row === null ? undefined : toSettings(row);
  }

  async allSettings(): Promise<MonitorSettings[]> {
    return (await this.ds.getRepository(MonitorRow).find()).map(toSettings);
  }

  async saveSettings(settings: MonitorSettings): Promise<void> {
    await this.db.transaction((m) => m.save(MonitorRow, settingsRow(settings)));
  }

  async state(deployment: string): Promise<WindowState | undefined> {
    const row = await this.ds.getRepository(WindowStateRow).findOneBy({ deployment });
    return row === null ? undefined : toState(row);
  }

  async knownIds(ids: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
      const rows = await this.ds.getRepository(PredictionRow).find({
        select: { predictionId: true },
        where: { predictionId: In(ids.slice(i, i + INSERT_CHUNK)) },
      });
      rows.forEach((r) => known.add(r.predictionId));
    }
    return known;
  }

  async windowRows(deployment: string, windowSeq: number, visit: (rows: StoredPrediction[]) => void): Promise<void> {
    let after = '';
    for (;;) {
      const rows = await this.ds.getRepository(PredictionRow).find({
        where: { deployment, windowSeq, predictionId: MoreThan(after) },
        order: { predictionId: 'ASC' },
        take: PAGE,
      });
      if (rows.length === 0) {
        return;
      }
      visit(rows.map(toPrediction));
      after = (rows[rows.length - 1] as PredictionRow).predictionId;
    }
  }

  async transaction<T>(work: (tx: IngestTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction((manager) => work(new TypeOrmIngestTransaction(manager)));
  }

  async reports(deployment: string, options: { first: number; from?: Date; to?: Date }): Promise<DriftReport[]> {
    const query = this.ds
      .getRepository(DriftReportRow)
      .createQueryBuilder('r')
      .where('r.deployment = :deployment', { deployment })
      .orderBy('r.windowEnd', 'DESC')
      .addOrderBy('r.windowSeq', 'DESC')
      .take(options.first);
    if (options.from !== undefined) {
      query.andWhere('r.windowEnd >= :from', { from: options.from.toISOString() });
    }
    if (options.to !== undefined) {
      query.andWhere('r.windowStart < :to', { to: options.to.toISOString() });
    }
    return (await query.getMany()).map(toReport);
  }

  async prediction(id: string): Promise<StoredPrediction | undefined> {
    const row = await this.ds.getRepository(PredictionRow).findOneBy({ predictionId: id });
    return row === null ? undefined : toPrediction(row);
  }

  async deploymentsOf(ids: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
      const rows = await this.ds.getRepository(PredictionRow).find({
        select: { predictionId: true, deployment: true },
        where: { predictionId: In(ids.slice(i, i + INSERT_CHUNK)) },
      });
      rows.forEach((r) => found.set(r.predictionId, r.deployment));
    }
    return found;
  }

  async recordFeedback(items: Feedback[], events: Array<{ subject: string; envelope: EventEnvelope }>): Promise<void> {
    await this.db.transaction(async (manager) => {
      for (let i = 0; i < items.length; i += INSERT_CHUNK) {
        await manager.upsert(FeedbackRow, items.slice(i, i + INSERT_CHUNK).map(feedbackRow), ['predictionId']);
      }
      for (const event of events) {
        await appendToOutbox(manager, event.subject, event.envelope);
      }
    });
  }

  async judged(
    deployment: string,
    options: { last?: number; from?: Date; to?: Date; labelledOnly?: boolean },
  ): Promise<Array<{ outputs: Record<string, unknown>; label: unknown }>> {
    const query = this.ds
      .getRepository(PredictionRow)
      .createQueryBuilder('p')
      .select(['p.outputs AS outputs', 'f.label AS label'])
      .leftJoin(FeedbackRow, 'f', 'f.prediction_id = p.prediction_id')
      .where('p.deployment = :deployment', { deployment })
      .orderBy('p.time', 'DESC');
    if (options.labelledOnly === true) {
      query.andWhere('f.prediction_id IS NOT NULL');
    }
    if (options.from !== undefined) {
      query.andWhere('p.time >= :from', { from: options.from.toISOString() });
    }
    if (options.to !== undefined) {
      query.andWhere('p.time < :to', { to: options.to.toISOString() });
    }
    if (options.last !== undefined) {
      query.limit(options.last);
    }
    const rows = await query.getRawMany<{ outputs: string; label: string | null }>();
    return rows.map((r) => ({
      outputs: JSON.parse(r.outputs) as Record<string, unknown>,
      label: r.label === null ? undefined : (JSON.parse(r.label) as unknown),
    }));
  }

  async unmatchedFeedback(deployment: string): Promise<number> {
    return this.ds.getRepository(FeedbackRow).countBy({ deployment, matched: false });
  }

  async operational(
    deployment: string,
    options: { first: number; from?: Date; to?: Date },
  ): Promise<OperationalWindow[]> {
    const query = this.ds
      .getRepository(OperationalWindowRow)
      .createQueryBuilder('o')
      .where('o.deployment = :deployment', { deployment })
      .orderBy('o.windowStart', 'DESC')
      .take(options.first);
    if (options.from !== undefined) {
      query.andWhere('o.windowEnd > :from', { from: options.from.toISOString() });
    }
    if (options.to !== undefined) {
      query.andWhere('o.windowStart < :to', { to: options.to.toISOString() });
    }
    return (await query.getMany()).map(toOperational);
  }
}

class TypeOrmIngestTransaction implements IngestTransaction {
  constructor(private readonly manager: EntityManager) {}

  /** Plain multi-row INSERTs: the hot path of ingest, where TypeORM's query builder cost more than the database. */
  async insertPredictions(rows: StoredPrediction[]): Promise<void> {
    const postgres = this.manager.connection.options.type === 'postgres';
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const values: unknown[] = [];
      const tuples = chunk.map((row) => {
        const r = predictionRow(row);
        const first = values.length;
        values.push(r.predictionId, r.deployment, r.windowSeq, r.time, r.modelVersion, r.modelVersionId);
        values.push(r.requestId, r.latencyMs, r.inputs, r.outputs);
        const marks = Array.from({ length: 10 }, (_, k) => (postgres ? `$${first + k + 1}` : '?'));
        return `(${marks.join(',')})`;
      });
      await this.manager.query(`INSERT INTO "predictions" ${PREDICTION_COLUMNS} VALUES ${tuples.join(',')}`, values);
    }
  }

  async saveState(state: WindowState): Promise<void> {
    await this.manager.upsert(WindowStateRow, stateRow(state), ['deployment']);
  }

  async insertReport(report: DriftReport): Promise<void> {
    await this.manager.insert(DriftReportRow, reportRow(report));
  }

  async insertOperational(window: OperationalWindow): Promise<void> {
    await this.manager.upsert(OperationalWindowRow, operationalRow(window), ['id']);
  }

  async publish(subject: string, envelope: EventEnvelope): Promise<void> {
    await appendToOutbox(this.manager, subject, envelope);
  }
}
