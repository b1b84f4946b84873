import {
  conflict,
  decodeCursor,
  encodeCursor,
  type EventEnvelope,
  type Page,
  type PageRequest,
} from '@ferry/contracts';
import { appendToOutbox, type Database } from '@ferry/persistence';
import { MoreThan, type EntityManager } from 'typeorm';

import type { Deployment } from '../domain/deployment';
import type { DeploymentStore } from '../domain/ports';
import { DeploymentRow } from './entities';

type Events = Array<{ subject: string; envelope: EventEnvelope }>;

/** DeploymentStore on TypeORM (SQLite or PostgreSQL). */
export class TypeOrmDeploymentStore implements DeploymentStore {
  constructor(private readonly db: Database) {}

  async create(deployment: Deployment, events: Events): Promise<void> {
    try {
      await this.write(events, (manager) => manager.insert(DeploymentRow, toRow(deployment)));
    } catch (error) {
      const code = String((error as { driverError?: { code?: string } }).driverError?.code ?? '');
      if (code === '23505' || code.startsWith('SQLITE_CONSTRAINT')) {
        throw conflict(`a deployment named "${deployment.name}" already exists`);
      }
      throw error;
    }
  }

  async update(deployment: Deployment, events: Events): Promise<void> {
    await this.write(events, (manager) => manager.save(DeploymentRow, toRow(deployment)));
  }

  async delete(id: string, events: Events): Promise<void> {
    await this.write(events, (manager) => manager.delete(DeploymentRow, { id }));
  }

  async findByName(name: string): Promise<Deployment | undefined> {
    const row = await this.db.dataSource.getRepository(DeploymentRow).findOneBy({ name });
    return row === null ? undefined : toDeployment(row);
  }

  async list(page: PageRequest): Promise<Page<Deployment>> {
    const repo = this.db.dataSource.getRepository(DeploymentRow);
    const where = page.after === undefined ? {} : { name: MoreThan(decodeCursor(page.after)) };
    const [rows, totalCount] = await Promise.all([
      repo.find({ where, order: { name: 'ASC' }, take: page.first + 1 }),
      repo.count(),
    ]);
    const items = rows.slice(0, page.first).map(toDeployment);
    return {
      items,
      cursors: items.map((d) => encodeCursor(d.name)),
      hasNextPage: rows.length > page.first,
      totalCount,
    };
  }

  async all(): Promise<Deployment[]> {
    return (await this.db.dataSource.getRepository(DeploymentRow).find({ order: { name: 'ASC' } })).map(toDeployment);
  }

  private async write(events: Events, change: (manager: EntityManager) => Promise<unknown>): Promise<void> {
    await this.db.transaction(async (manager) => {
      await change(manager);
      for (const event of events) {
        await appendToOutbox(manager, event.subject, event.envelope);
      }
    });
  }
}

function toRow(d: Deployment): DeploymentRow {
  return {
    id: d.id,
    name: d.name,
    modelName: d.modelName,
    traffic: JSON.stringify(d.traffic),
    shadow: d.shadow === null ? null : JSON.stringify(d.shadow),
    batching: JSON.stringify(d.batching),
    logSampleRate: d.logSampleRate,
    revision: d.revision,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    createdBy: d.createdBy,
  };
}

function toDeployment(r: DeploymentRow): Deployment {
  return {
    id: r.id,
    name: r.name,
    modelName: r.modelName,
    traffic: JSON.parse(r.traffic) as Deployment['traffic'],
    shadow: r.shadow === null ? null : (JSON.parse(r.shadow) as Deployment['shadow']),
    batching: JSON.parse(r.batching) as Deployment['batching'],
    logSampleRate: Number(r.logSampleRate),
    revision: r.revision,
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
    createdBy: r.createdBy,
  };
}
