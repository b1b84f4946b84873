import type { EventEnvelope, Page, PageRequest } from '@ferry/contracts';

import type { ArtifactRef } from './artifact';
import type { Dataset, DatasetVersion } from './dataset';
import type { AliasChange, Model, ModelAlias, ModelVersion, ModelVersionStatus } from './model';

/** Filters of a list of models or datasets. */
export interface NameFilter {
  /** Case-insensitive substring of the name. */
  search?: string;
  tag?: string;
}

/** The writes of one transaction on one model, which is locked for its duration. */
export interface ModelTransaction {
  readonly model: Model;
  /** Allocates the next version number of the model: gap-free, never reused. */
  nextVersionNumber(): Promise<number>;
  insertVersion(version: ModelVersion): Promise<void>;
  updateVersion(version: ModelVersion): Promise<void>;
  versionById(id: string): Promise<ModelVersion | undefined>;
  version(number: number): Promise<ModelVersion | undefined>;
  aliases(): Promise<ModelAlias[]>;
  saveAlias(alias: ModelAlias): Promise<void>;
  recordAliasChange(change: AliasChange): Promise<void>;
  /** Queues an event, published once the transaction commits. */
  publish(subject: string, envelope: EventEnvelope): Promise<void>;
}

/** Where models, their versions and aliases live (TypeORM on SQLite and PostgreSQL). */
export interface ModelStore {
  /** Inserts a model and its events atomically; throws CONFLICT when the name is taken. */
  create(model: Model, events: Array<{ subject: string; envelope: EventEnvelope }>): Promise<void>;
  findByName(name: string): Promise<Model | undefined>;
  findById(id: string): Promise<Model | undefined>;
  /** Models ordered by name. */
  list(page: PageRequest, filter: NameFilter): Promise<Page<Model>>;
  /** Runs `work` in one transaction with the model locked against concurrent writers. */
  withModel<T>(modelId: string, work: (tx: ModelTransaction) => Promise<T>): Promise<T>;
  versionById(id: string): Promise<ModelVersion | undefined>;
  version(modelId: string, number: number): Promise<ModelVersion | undefined>;
  /** Versions of a model, newest first. */
  versions(modelId: string, page: PageRequest, status?: ModelVersionStatus): Promise<Page<ModelVersion>>;
  versionsWithStatus(status: ModelVersionStatus): Promise<ModelVersion[]>;
  versionsTrainedOn(datasetVersionId: string): Promise<ModelVersion[]>;
  aliases(modelId: string): Promise<ModelAlias[]>;
  aliasesOfVersion(versionId: string): Promise<ModelAlias[]>;
  aliasHistory(modelId: string, alias?: string): Promise<AliasChange[]>;
}

/** The writes of one transaction on one dataset, locked for its duration. */
export interface DatasetTransaction {
  readonly dataset: Dataset;
  nextVersionNumber(): Promise<number>;
  latestVersion(): Promise<DatasetVersion | undefined>;
  insertVersion(version: DatasetVersion): Promise<void>;
  publish(subject: string, envelope: EventEnvelope): Promise<void>;
}

export interface DatasetStore {
  findByName(name: string): Promise<Dataset | undefined>;
  findById(id: string): Promise<Dataset | undefined>;
  list(page: PageRequest, filter: NameFilter): Promise<Page<Dataset>>;
  /** Creates the dataset when missing (CONFLICT-safe under races), then runs `work` with it locked. */
  withDataset<T>(create: Dataset, work: (tx: DatasetTransaction) => Promise<T>): Promise<T>;
  versionById(id: string): Promise<DatasetVersion | undefined>;
  version(datasetId: string, number: number): Promise<DatasetVersion | undefined>;
  versions(datasetId: string, page: PageRequest): Promise<Page<DatasetVersion>>;
  /** Versions whose lineage names this one as their source, oldest first. */
  versionsDerivedFrom(sourceDatasetVersionId: string): Promise<DatasetVersion[]>;
}

/** The registry's record of uploaded artifacts, for references and garbage collection. */
export interface ArtifactIndex {
  /** Records an upload (or a repeated one: refreshes its time). */
  recordUpload(ref: ArtifactRef, at: Date): Promise<void>;
  get(sha256: string): Promise<(ArtifactRef & { uploadedAt: Date }) | undefined>;
  /** Artifacts uploaded before `cutoff` that no model or dataset version references. */
  unreferencedBefore(cutoff: Date): Promise<string[]>;
  /** Deletes the record if it is still unreferenced and older than `cutoff`; true when it did. */
  forgetIfUnreferenced(sha256: string, cutoff: Date): Promise<boolean>;
}
