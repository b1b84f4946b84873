import { conflict, decodeCursor, encodeCursor, type Page, type PageRequest } from '@ferry/contracts';
import { appendToOutbox } from '@ferry/persistence';
import { MoreThan, type DataSource } from 'typeorm';

import type { Model } from '../domain/model';
import type { ModelStore, PendingEvent } from '../domain/model-store';
import { ModelRow } from './model.entity';
import { isUniqueViolation } from './unique-violation';

/** ModelStore on TypeORM: the same code on SQLite and PostgreSQL. */
export class TypeOrmModelStore implements ModelStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(model: Model, events: PendingEvent[]): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(ModelRow, toRow(model));
        for (const event of events) {
          await appendToOutbox(manager, event.subject, event.envelope);
        }
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(`a model named "${model.name}" already exists`);
      }
      throw error;
    }
  }

  async findByName(name: string): Promise<Model | undefined> {
    const row = await this.dataSource.getRepository(ModelRow).findOneBy({ name });
    return row === null ? undefined : toModel(row);
  }

  async findById(id: string): Promise<Model | undefined> {
    const row = await this.dataSource.getRepository(ModelRow).findOneBy({ id });
    return row === null ? undefined : toModel(row);
  }

  async list(page: PageRequest): Promise<Page<Model>> {
    const repo = this.dataSource.getRepository(ModelRow);
    const where = page.after === undefined ? {} : { name: MoreThan(decodeCursor(page.after)) };
    const [rows, totalCount] = await Promise.all([
      repo.find({ where, order: { name: 'ASC' }, take: page.first + 1 }),
      repo.count(),
    ]);
    const items = rows.slice(0, page.first).map(toModel);
    return {
      items,
      cursors: items.map((m) => encodeCursor(m.name)),
      hasNextPage: rows.length > page.first,
      totalCount,
    };
  }
}

function toRow(model: Model): ModelRow {
  return {
    id: model.id,
    name: model.name,
    description: model.description,
    tags: JSON.stringify(model.tags),
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
    createdBy: model.createdBy,
  };
}

function toModel(row: ModelRow): Model {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    createdBy: row.createdBy,
  };
}
