import { randomUUID } from 'node:crypto';

import {
  ErrorCode,
  Events,
  FerryError,
  notFound,
  pageRequest,
  validateResourceName,
  type Page,
} from '@ferry/contracts';
import { DatasetFormatError, diffSchemas, profileDataset, schemaOf } from '@ferry/statistics';

import type { ArtifactLibrary } from './artifact-library';
import type { Dataset, DatasetDerivation, DatasetVersion, RegisterDatasetVersionCommand } from './dataset';
import { datasetVersionPayload, event, type EventRouting } from './events';
import type { Actor } from './model';
import type { DatasetStore, NameFilter } from './ports';
import { description, tags } from './validation';

export interface CreateDatasetCommand {
  name: string;
  description?: string | null;
  tags?: string[] | null;
}

/** Datasets and their versions: each version profiled streaming at registration, its schema compared to the last. */
export class DatasetCatalog {
  constructor(
    private readonly store: DatasetStore,
    private readonly artifacts: ArtifactLibrary,
    private readonly routing: EventRouting,
    /** Whether a model version exists (lineage of derived versions); the registry's model store answers. */
    private readonly modelVersionExists: (id: string) => Promise<boolean>,
  ) {}

  async create(command: CreateDatasetCommand, actor: Actor): Promise<Dataset> {
    const name = validateResourceName('name', command.name);
    if ((await this.store.findByName(name)) !== undefined) {
      throw new FerryError(ErrorCode.CONFLICT, `a dataset named "${name}" already exists`);
    }
    const template = this.template(name, command, actor);
    return this.store.withDataset(template, async (tx) => tx.dataset);
  }

  /**
   * Registers a version from an uploaded CSV or JSON-lines artifact (creating the dataset on its first
   * version). The schema and profile are computed streaming; a file that cannot be read is INVALID_ARTIFACT.
   */
  async registerVersion(command: RegisterDatasetVersionCommand, actor: Actor): Promise<DatasetVersion> {
    const name = validateResourceName('datasetName', command.datasetName);
    const artifact = await this.artifacts.require('artifactSha256', command.artifactSha256);
    const versionDescription = description(command.description);
    const derivedFrom = await this.derivation(command.derivedFrom);
    let profile;
    try {
      profile = await profileDataset(this.artifacts.reader(artifact.sha256), { format: command.format ?? undefined });
    } catch (error) {
      if (error instanceof DatasetFormatError) {
        throw new FerryError(ErrorCode.INVALID_ARTIFACT, `not a readable dataset: ${error.message}`, { cause: error });
      }
      throw error;
    }
    const schema = schemaOf(profile);
    const template = this.template(name, { name, tags: command.tags }, actor);
    const version = await this.store.withDataset(template, async (tx) => {
      const previous = await tx.latestVersion();
      const schemaChanges = previous === undefined ? [] : diffSchemas(previous.schema, schema);
      const created: DatasetVersion = {
        id: randomUUID(),
        datasetId: tx.dataset.id,
        datasetName: tx.dataset.name,
        version: await tx.nextVersionNumber(),
        artifactSha256: artifact.sha256,
        artifactSize: artifact.size,
        format: profile.format,
        rowCount: profile.rowCount,
        schema,
        profile,
        schemaChanges,
        breaking: schemaChanges.some((c) => c.breaking),
        description: versionDescription,
        derivedFrom,
        createdAt: new Date(),
        createdBy: actor.id,
      };
      await tx.insertVersion(created);
      const { subject, envelope } = event(
        this.routing,
        Events.datasetVersionCreated,
        datasetVersionPayload(created),
        actor,
      );
      await tx.publish(subject, envelope);
      return created;
    });
    this.routing.committed();
    return version;
  }

  /** Versions derived from this one (e.g. batch predictions over it). */
  async derivedFrom(sourceDatasetVersionId: string): Promise<DatasetVersion[]> {
    return this.store.versionsDerivedFrom(sourceDatasetVersionId);
  }

  /** Checks that the lineage a derived version claims exists; NOT_FOUND names the missing one. */
  private async derivation(input: Partial<DatasetDerivation> | null | undefined): Promise<DatasetDerivation | null> {
    if (input === null || input === undefined) {
      return null;
    }
    const derivation: DatasetDerivation = {
      sourceDatasetVersionId: input.sourceDatasetVersionId ?? null,
      modelVersionId: input.modelVersionId ?? null,
      producedBy: input.producedBy?.trim() || null,
    };
    if (derivation.producedBy !== null && derivation.producedBy.length > 255) {
      throw new FerryError(ErrorCode.BAD_USER_INPUT, 'derivedFrom.producedBy must be at most 255 characters');
    }
    const source = derivation.sourceDatasetVersionId;
    if (source !== null && (await this.store.versionById(source)) === undefined) {
      throw notFound(`derivedFrom.sourceDatasetVersionId: no dataset version with id ${source}`);
    }
    const model = derivation.modelVersionId;
    if (model !== null && !(await this.modelVersionExists(model))) {
      throw notFound(`derivedFrom.modelVersionId: no model version with id ${model}`);
    }
    if (source === null && model === null && derivation.producedBy === null) {
      return null;
    }
    return derivation;
  }

  async dataset(name: string): Promise<Dataset> {
    const dataset = await this.store.findByName(name.trim());
    if (dataset === undefined) {
      throw notFound(`no dataset named "${name}"`);
    }
    return dataset;
  }

  async datasetById(id: string): Promise<Dataset | undefined> {
    return this.store.findById(id);
  }

  async datasets(first?: number | null, after?: string | null, filter: NameFilter = {}): Promise<Page<Dataset>> {
    return this.store.list(pageRequest(first, after), filter);
  }

  async versionById(id: string): Promise<DatasetVersion | undefined> {
    return this.store.versionById(id);
  }

  async version(dataset: Dataset, number: number): Promise<DatasetVersion | undefined> {
    return this.store.version(dataset.id, number);
  }

  async versions(dataset: Dataset, first?: number | null, after?: string | null): Promise<Page<DatasetVersion>> {
    return this.store.versions(dataset.id, pageRequest(first, after));
  }

  private template(name: string, command: CreateDatasetCommand, actor: Actor): Dataset {
    const now = new Date();
    return {
      id: randomUUID(),
      name,
      description: description(command.description),
      tags: tags(command.tags),
      latestVersion: 0,
      createdAt: now,
      updatedAt: now,
      createdBy: actor.id,
    };
  }
}
