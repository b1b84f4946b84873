import type { EventEnvelope, Page, PageRequest } from '@ferry/contracts';
import { appendToOutbox, type Database } from '@ferry/persistence';
import type { EntityManager } from 'typeorm';

import type { Dataset, DatasetVersion } from '../domain/dataset';
import type { DatasetStore, DatasetTransaction, NameFilter } from '../domain/ports';
import { DatasetRow, DatasetVersionRow } from './entities';
import { datasetRow, datasetVersionRow, toDataset, toDatasetVersion } from './mappers';
import { applyNameFilter, keysetPage } from './paging';
import { isUniqueViolation } from './unique-violation';

/** DatasetStore on TypeORM: the same code on SQLite and PostgreSQL. */
export class TypeOrmDatasetStore implements DatasetStore {
  constructor(private readonly db: Database) {}

  private get ds() {
    return this.db.dataSource;
  }

  async findByName(name: string): Promise<Dataset | undefined> {
    const row = await this.ds.getRepository(DatasetRow).findOneBy({ name });
    return row === null ? undefined : toDataset(row);
  }

  async findById(id: string): Promise<Dataset | undefined> {
    const row = await this.ds.getRepository(DatasetRow).findOneBy({ id });
    return row === null ? undefined : toDataset(row);
  }

  async list(page: PageRequest, filter: NameFilter): Promise<Page<Dataset>> {
    const query = applyNameFilter(this.ds.getRepository(DatasetRow).createQueryBuilder('d'), 'd', filter);
    return keysetPage(query, { key: 'd.name', direction: 'ASC', keyOf: (r) => r.name, map: toDataset, page });
  }

  async withDataset<T>(create: Dataset, work: (tx: DatasetTransaction) => Promise<T>): Promise<T> {
    if ((await this.findByName(create.name)) === undefined) {
      try {
        await this.db.transaction((manager) => manager.insert(DatasetRow, datasetRow(create)));
      } catch (error) {
        // Another registration created it first: use theirs.
        if (!isUniqueViolation(error)) {
          throw error;
        }
      }
    }
    return this.db.transaction(async (manager) => {
      const query = manager
        .getRepository(DatasetRow)
        .createQueryBuilder('d')
        .where('d.name = :name', { name: create.name });
      if (this.db.dialect === 'postgres') {
        query.setLock('pessimistic_write');
      }
      const row = await query.getOneOrFail();
      return work(new TypeOrmDatasetTransaction(manager, toDataset(row)));
    });
  }

  async versionById(id: string): Promise<DatasetVersion | undefined> {
    const row = await this.ds.getRepository(DatasetVersionRow).findOneBy({ id });
    if (row === null) {
      return undefined;
    }
    const dataset = await this.findById(row.datasetId);
    return toDatasetVersion(row, dataset?.name ?? '');
  }

  async version(datasetId: string, number: number): Promise<DatasetVersion | undefined> {
    const row = await this.ds.getRepository(DatasetVersionRow).findOneBy({ datasetId, version: number });
    if (row === null) {
      return undefined;
    }
    const dataset = await this.findById(datasetId);
    return toDatasetVersion(row, dataset?.name ?? '');
  }

  async versionsDerivedFrom(sourceDatasetVersionId: string): Promise<DatasetVersion[]> {
    const rows = await this.ds
      .getRepository(DatasetVersionRow)
      .find({ where: { sourceDatasetVersionId }, order: { createdAt: 'ASC' } });
    const names = new Map<string, string>();
    for (const row of rows) {
      if (!names.has(row.datasetId)) {
        names.set(row.datasetId, (await this.findById(row.datasetId))?.name ?? '');
      }
    }
    return rows.map((row) => toDatasetVersion(row, names.get(row.datasetId) ?? ''));
  }

  async versions(datasetId: string, page: PageRequest): Promise<Page<DatasetVersion>> {
    const dataset = await this.findById(datasetId);
    const query = this.ds
      .getRepository(DatasetVersionRow)
      .createQueryBuilder('v')
      .where('v.datasetId = :datasetId', { datasetId });
    return keysetPage(query, {
      key: 'v.version',
      direction: 'DESC',
      numeric: true,
      keyOf: (r) => r.version,
      map: (r) => toDatasetVersion(r, dataset?.name ?? ''),
      page,
    });
  }
}

class TypeOrmDatasetTransaction implements DatasetTransaction {
  constructor(
    private readonly manager: EntityManager,
    readonly dataset: Dataset,
  ) {}

  async nextVersionNumber(): Promise<number> {
    const next = this.dataset.latestVersion + 1;
    await this.manager.update(
      DatasetRow,
      { id: this.dataset.id },
      { latestVersion: next, updatedAt: new Date().toISOString() },
    );
    this.dataset.latestVersion = next;
    return next;
  }

  async latestVersion(): Promise<DatasetVersion | undefined> {
    const row = await this.manager.findOne(DatasetVersionRow, {
      where: { datasetId: this.dataset.id },
      order: { version: 'DESC' },
    });
    return row === null ? undefined : toDatasetVersion(row, this.dataset.name);
  }

  async insertVersion(version: DatasetVersion): Promise<void> {
    await this.manager.insert(DatasetVersionRow, datasetVersionRow(version));
  }

  async publish(subject: string, envelope: EventEnvelope): Promise<void> {
    await appendToOutbox(this.manager, subject, envelope);
  }
}
