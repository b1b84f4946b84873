import { conflict, notFound, type EventEnvelope, type Page, type PageRequest } from '@ferry/contracts';
import { appendToOutbox, type Database } from '@ferry/persistence';
import { In, type EntityManager } from 'typeorm';

import type { AliasChange, Model, ModelAlias, ModelVersion, ModelVersionStatus } from '../domain/model';
import type { ModelStore, ModelTransaction, NameFilter } from '../domain/ports';
import { AliasChangeRow, ModelAliasRow, ModelRow, ModelVersionRow } from './entities';
import { aliasChangeRow, aliasRow, modelRow, toAlias, toAliasChange, toModel, toVersion, versionRow } from './mappers';
import { applyNameFilter, keysetPage } from './paging';
import { isUniqueViolation } from './unique-violation';

/** ModelStore on TypeORM: the same code on SQLite and PostgreSQL. */
export class TypeOrmModelStore implements ModelStore {
  constructor(private readonly db: Database) {}

  private get ds() {
    return this.db.dataSource;
  }

  async create(model: Model, events: Array<{ subject: string; envelope: EventEnvelope }>): Promise<void> {
    try {
      await this.db.transaction(async (manager) => {
        await manager.insert(ModelRow, modelRow(model));
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
    const row = await this.ds.getRepository(ModelRow).findOneBy({ name });
    return row === null ? undefined : toModel(row);
  }

  async findById(id: string): Promise<Model | undefined> {
    const row = await this.ds.getRepository(ModelRow).findOneBy({ id });
    return row === null ? undefined : toModel(row);
  }

  async list(page: PageRequest, filter: NameFilter): Promise<Page<Model>> {
    const query = applyNameFilter(this.ds.getRepository(ModelRow).createQueryBuilder('m'), 'm', filter);
    return keysetPage(query, { key: 'm.name', direction: 'ASC', keyOf: (r) => r.name, map: toModel, page });
  }

  async withModel<T>(modelId: string, work: (tx: ModelTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(async (manager) => {
      const locked = manager.getRepository(ModelRow).createQueryBuilder('m').where('m.id = :modelId', { modelId });
      if (this.db.dialect === 'postgres') {
        locked.setLock('pessimistic_write');
      }
      const row = await locked.getOne();
      if (row === null) {
        throw notFound(`no model with id ${modelId}`);
      }
      return work(new TypeOrmModelTransaction(manager, toModel(row)));
    });
  }

  async versionById(id: string): Promise<ModelVersion | undefined> {
    const row = await this.ds.getRepository(ModelVersionRow).findOneBy({ id });
    return row === null ? undefined : this.withModelName(row);
  }

  async version(modelId: string, number: number): Promise<ModelVersion | undefined> {
    const row = await this.ds.getRepository(ModelVersionRow).findOneBy({ modelId, version: number });
    return row === null ? undefined : this.withModelName(row);
  }

  async versions(modelId: string, page: PageRequest, status?: ModelVersionStatus): Promise<Page<ModelVersion>> {
    const model = await this.findById(modelId);
    const query = this.ds
      .getRepository(ModelVersionRow)
      .createQueryBuilder('v')
      .where('v.modelId = :modelId', { modelId });
    if (status !== undefined) {
      query.andWhere('v.status = :status', { status });
    }
    return keysetPage(query, {
      key: 'v.version',
      direction: 'DESC',
      numeric: true,
      keyOf: (r) => r.version,
      map: (r) => toVersion(r, model?.name ?? ''),
      page,
    });
  }

  async versionsWithStatus(status: ModelVersionStatus): Promise<ModelVersion[]> {
    const rows = await this.ds.getRepository(ModelVersionRow).find({ where: { status }, order: { createdAt: 'ASC' } });
    return this.withModelNames(rows);
  }

  async versionsTrainedOn(datasetVersionId: string): Promise<ModelVersion[]> {
    const rows = await this.ds
      .getRepository(ModelVersionRow)
      .find({ where: { datasetVersionId }, order: { createdAt: 'ASC' } });
    return this.withModelNames(rows);
  }

  async aliases(modelId: string): Promise<ModelAlias[]> {
    const model = await this.findById(modelId);
    const rows = await this.ds.getRepository(ModelAliasRow).find({ where: { modelId }, order: { alias: 'ASC' } });
    return rows.map((r) => toAlias(r, model?.name ?? ''));
  }

  async aliasesOfVersion(versionId: string): Promise<ModelAlias[]> {
    const rows = await this.ds.getRepository(ModelAliasRow).find({ where: { versionId }, order: { alias: 'ASC' } });
    const model = rows[0] === undefined ? undefined : await this.findById(rows[0].modelId);
    return rows.map((r) => toAlias(r, model?.name ?? ''));
  }

  async aliasHistory(modelId: string, alias?: string): Promise<AliasChange[]> {
    const rows = await this.ds
      .getRepository(AliasChangeRow)
      .find({ where: alias === undefined ? { modelId } : { modelId, alias }, order: { at: 'DESC' } });
    return rows.map(toAliasChange);
  }

  /** Versions of many rows with their models' names, looked up once per model, not once per row. */
  private async withModelNames(rows: ModelVersionRow[]): Promise<ModelVersion[]> {
    const ids = [...new Set(rows.map((r) => r.modelId))];
    const models = ids.length === 0 ? [] : await this.ds.getRepository(ModelRow).findBy({ id: In(ids) });
    const names = new Map(models.map((m) => [m.id, m.name]));
    return rows.map((r) => toVersion(r, names.get(r.modelId) ?? ''));
  }

  private async withModelName(row: ModelVersionRow): Promise<ModelVersion> {
    const model = await this.findById(row.modelId);
    return toVersion(row, model?.name ?? '');
  }
}

/** The writes of one locked model, all through the transaction's entity manager. */
class TypeOrmModelTransaction implements ModelTransaction {
  constructor(
    private readonly manager: EntityManager,
    readonly model: Model,
  ) {}

  async nextVersionNumber(): Promise<number> {
    const next = this.model.latestVersion + 1;
    await this.manager.update(
      ModelRow,
      { id: this.model.id },
      { latestVersion: next, updatedAt: new Date().toISOString() },
    );
    this.model.latestVersion = next;
    return next;
  }

  async insertVersion(version: ModelVersion): Promise<void> {
    await this.manager.insert(ModelVersionRow, versionRow(version));
  }

  async updateVersion(version: ModelVersion): Promise<void> {
    await this.manager.save(ModelVersionRow, versionRow(version));
  }

  async versionById(id: string): Promise<ModelVersion | undefined> {
    const row = await this.manager.findOneBy(ModelVersionRow, { id, modelId: this.model.id });
    return row === null ? undefined : toVersion(row, this.model.name);
  }

  async version(number: number): Promise<ModelVersion | undefined> {
    const row = await this.manager.findOneBy(ModelVersionRow, { modelId: this.model.id, version: number });
    return row === null ? undefined : toVersion(row, this.model.name);
  }

  async aliases(): Promise<ModelAlias[]> {
    const rows = await this.manager.find(ModelAliasRow, { where: { modelId: this.model.id }, order: { alias: 'ASC' } });
    return rows.map((r) => toAlias(r, this.model.name));
  }

  async saveAlias(alias: ModelAlias): Promise<void> {
    await this.manager.save(ModelAliasRow, aliasRow(alias));
  }

  async recordAliasChange(change: AliasChange): Promise<void> {
    await this.manager.insert(AliasChangeRow, aliasChangeRow(change));
  }

  async publish(subject: string, envelope: EventEnvelope): Promise<void> {
    await appendToOutbox(this.manager, subject, envelope);
  }
}
