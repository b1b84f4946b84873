import { randomUUID } from 'node:crypto';

import { badInput, conflict, Events, notFound, validateResourceName } from '@ferry/contracts';

import { aliasMovedPayload, event, type EventRouting } from './events';
import { ModelVersionStatus, type Actor, type AliasChange, type Model, type ModelAlias } from './model';
import { modelNamed } from './lookups';
import type { ModelStore } from './ports';

export interface SetAliasCommand {
  modelName: string;
  alias: string;
  version: number;
}

/** Aliases (production, champion, staging…): atomic moves, an audit log, one event per move. */
export class ModelAliases {
  constructor(
    private readonly models: ModelStore,
    private readonly routing: EventRouting,
  ) {}

  /**
   * Points an alias at a READY version. The move, its audit record and its `alias.moved` event are one
   * transaction; pointing an alias where it already points changes nothing and publishes nothing.
   */
  async set(command: SetAliasCommand, actor: Actor): Promise<ModelAlias> {
    const aliasName = validateResourceName('alias', command.alias);
    if (!Number.isInteger(command.version) || command.version < 1) {
      throw badInput('version must be a positive integer', { field: 'version' });
    }
    const model = await modelNamed(this.models, command.modelName);
    let moved = false;
    const result = await this.models.withModel(model.id, async (tx) => {
      const target = await tx.version(command.version);
      if (target === undefined) {
        throw notFound(`${model.name} has no version ${command.version}`);
      }
      if (target.status !== ModelVersionStatus.READY) {
        throw conflict(
          `${model.name} version ${target.version} is ${target.status}: only READY versions can be aliased`,
        );
      }
      const current = (await tx.aliases()).find((a) => a.alias === aliasName);
      if (current?.versionId === target.id) {
        return current;
      }
      const next: ModelAlias = {
        modelId: model.id,
        modelName: model.name,
        alias: aliasName,
        versionId: target.id,
        version: target.version,
        updatedAt: new Date(),
        updatedBy: actor.id,
      };
      const change: AliasChange = {
        id: randomUUID(),
        modelId: model.id,
        alias: aliasName,
        fromVersion: current?.version ?? null,
        toVersion: target.version,
        actor: actor.id,
        at: next.updatedAt,
      };
      await tx.saveAlias(next);
      await tx.recordAliasChange(change);
      const { subject, envelope } = event(
        this.routing,
        Events.aliasMoved,
        aliasMovedPayload(next, change.fromVersion, target),
        actor,
      );
      await tx.publish(subject, envelope);
      moved = true;
      return next;
    });
    if (moved) {
      this.routing.committed();
    }
    return result;
  }

  async of(model: Model): Promise<ModelAlias[]> {
    return this.models.aliases(model.id);
  }

  async ofVersion(versionId: string): Promise<ModelAlias[]> {
    return this.models.aliasesOfVersion(versionId);
  }

  async history(model: Model, alias?: string): Promise<AliasChange[]> {
    return this.models.aliasHistory(model.id, alias);
  }
}
