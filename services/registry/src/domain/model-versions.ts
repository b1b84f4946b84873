import { randomUUID } from 'node:crypto';

import { badInput, conflict, Events, notFound, pageRequest, type Page } from '@ferry/contracts';

import type { ArtifactLibrary } from './artifact-library';
import { event, versionPayload, type EventRouting } from './events';
import {
  ModelVersionStatus,
  type Actor,
  type Model,
  type ModelVersion,
  type RegisterModelVersionCommand,
  type Signature,
} from './model';
import { modelNamed } from './lookups';
import type { DatasetStore, ModelStore } from './ports';
import { description, jsonObject, tags } from './validation';

/** What the registry reads from an ONNX file. */
export interface InspectedModel {
  signature: Signature;
  opsetImports: Array<{ domain: string; version: number }>;
  irVersion: number;
  producerName: string;
  producerVersion: string;
}

/** Reading and loading ONNX models: implemented with the ONNX protobuf reader and ONNX Runtime. */
export interface ModelInspector {
  /** The signature and header of a model; throws INVALID_ARTIFACT for bytes that are not ONNX. */
  inspect(bytes: Uint8Array): InspectedModel;
  /** Whether ONNX Runtime can load the model, with its reason when it cannot. */
  loads(bytes: Uint8Array, sha256: string): Promise<{ ok: true } | { ok: false; reason: string }>;
}

/** Registration and life cycle of model versions. */
export class ModelVersions {
  constructor(
    private readonly models: ModelStore,
    private readonly datasets: DatasetStore,
    private readonly artifacts: ArtifactLibrary,
    private readonly inspector: ModelInspector,
    private readonly routing: EventRouting,
  ) {}

  /**
   * Registers a new version from an uploaded ONNX artifact: reads its signature (refusing what is not
   * ONNX, storing nothing), allocates the next version number, then checks that ONNX Runtime loads it
   * before the version becomes READY (or FAILED with the runtime's reason).
   */
  async register(command: RegisterModelVersionCommand, actor: Actor): Promise<ModelVersion> {
    const model = await modelNamed(this.models, command.modelName);
    const artifact = await this.artifacts.require('artifactSha256', command.artifactSha256);
    const datasetVersionId = command.datasetVersionId ?? null;
    if (datasetVersionId !== null && (await this.datasets.versionById(datasetVersionId)) === undefined) {
      throw notFound(`no dataset version with id ${datasetVersionId}`);
    }
    const source = (command.source ?? 'upload').trim();
    if (source === '' || source.length > 255) {
      throw badInput('source must be 1–255 characters (a training run id, or "upload")', { field: 'source' });
    }
    const details = {
      metrics: jsonObject('metrics', command.metrics),
      params: jsonObject('params', command.params),
      tags: tags(command.tags),
      description: description(command.description),
    };
    const bytes = await this.artifacts.readAll(artifact.sha256);
    const inspected = this.inspector.inspect(bytes);
    const pending = await this.models.withModel(model.id, async (tx) => {
      const now = new Date();
      const version: ModelVersion = {
        id: randomUUID(),
        modelId: model.id,
        modelName: model.name,
        version: await tx.nextVersionNumber(),
        artifactSha256: artifact.sha256,
        artifactSize: artifact.size,
        format: 'onnx',
        ...inspected,
        ...details,
        source,
        datasetVersionId,
        status: ModelVersionStatus.PENDING,
        statusReason: null,
        createdAt: now,
        updatedAt: now,
        createdBy: actor.id,
      };
      await tx.insertVersion(version);
      return version;
    });
    return this.settle(pending, bytes, actor);
  }

  /** Finishes registrations a crash interrupted: every PENDING version is loaded and settled. */
  async resumePending(): Promise<ModelVersion[]> {
    const settled: ModelVersion[] = [];
    for (const version of await this.models.versionsWithStatus(ModelVersionStatus.PENDING)) {
      const bytes = await this.artifacts.readAll(version.artifactSha256);
      settled.push(await this.settle(version, bytes, { id: version.createdBy }));
    }
    return settled;
  }

  /** Archives a version; refused with CONFLICT while an alias points at it. */
  async archive(id: string, actor: Actor): Promise<ModelVersion> {
    const found = await this.models.versionById(id);
    if (found === undefined) {
      throw notFound(`no model version with id ${id}`);
    }
    return this.models.withModel(found.modelId, async (tx) => {
      const version = (await tx.versionById(id)) ?? found;
      if (version.status === ModelVersionStatus.ARCHIVED) {
        return version;
      }
      const aliases = (await tx.aliases()).filter((a) => a.versionId === id).map((a) => a.alias);
      if (aliases.length > 0) {
        throw conflict(
          `${version.modelName} version ${version.version} is what ${aliases.map((a) => `"${a}"`).join(', ')} points at: move the alias first`,
        );
      }
      const archived = {
        ...version,
        status: ModelVersionStatus.ARCHIVED,
        updatedAt: new Date(),
        statusReason: `archived by ${actor.id ?? 'unknown'}`,
      };
      await tx.updateVersion(archived);
      return archived;
    });
  }

  async byId(id: string): Promise<ModelVersion | undefined> {
    return this.models.versionById(id);
  }

  async version(model: Model, number: number): Promise<ModelVersion | undefined> {
    return this.models.version(model.id, number);
  }

  async versions(
    model: Model,
    first?: number | null,
    after?: string | null,
    status?: ModelVersionStatus,
  ): Promise<Page<ModelVersion>> {
    return this.models.versions(model.id, pageRequest(first, after), status);
  }

  async trainedOn(datasetVersionId: string): Promise<ModelVersion[]> {
    return this.models.versionsTrainedOn(datasetVersionId);
  }

  private async settle(pending: ModelVersion, bytes: Uint8Array, actor: Actor): Promise<ModelVersion> {
    const check = await this.inspector.loads(bytes, pending.artifactSha256);
    const settled = await this.models.withModel(pending.modelId, async (tx) => {
      const current = (await tx.versionById(pending.id)) ?? pending;
      if (current.status !== ModelVersionStatus.PENDING) {
        return current;
      }
      const final: ModelVersion = {
        ...current,
        status: check.ok ? ModelVersionStatus.READY : ModelVersionStatus.FAILED,
        statusReason: check.ok ? null : check.reason,
        updatedAt: new Date(),
      };
      await tx.updateVersion(final);
      const { subject, envelope } = event(this.routing, Events.versionCreated, versionPayload(final), actor);
      await tx.publish(subject, envelope);
      return final;
    });
    this.routing.committed();
    return settled;
  }
}
