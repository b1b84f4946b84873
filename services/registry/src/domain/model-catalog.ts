import { randomUUID } from 'node:crypto';

import { conflict, Events, pageRequest, validateResourceName, type Page } from '@ferry/contracts';

import { modelNamed } from './lookups';
import { event, modelPayload, type EventRouting } from './events';
import type { Actor, CreateModelCommand, Model } from './model';
import type { ModelStore, NameFilter } from './ports';
import { description, tags } from './validation';

/** The registry's operations on models, independent of GraphQL, NATS and the ORM. */
export class ModelCatalog {
  constructor(
    private readonly store: ModelStore,
    private readonly routing: EventRouting,
  ) {}

  async createModel(command: CreateModelCommand, actor: Actor): Promise<Model> {
    const name = validateResourceName('name', command.name);
    const now = new Date();
    const model: Model = {
      id: randomUUID(),
      name,
      description: description(command.description),
      tags: tags(command.tags),
      createdAt: now,
      updatedAt: now,
      createdBy: actor.id,
      latestVersion: 0,
    };
    if ((await this.store.findByName(name)) !== undefined) {
      throw conflict(`a model named "${name}" already exists`);
    }
    await this.store.create(model, [event(this.routing, Events.modelCreated, modelPayload(model), actor)]);
    this.routing.committed();
    return model;
  }

  async model(name: string): Promise<Model> {
    return modelNamed(this.store, name);
  }

  async modelById(id: string): Promise<Model | undefined> {
    return this.store.findById(id);
  }

  async models(
    first: number | null | undefined,
    after: string | null | undefined,
    filter: NameFilter = {},
  ): Promise<Page<Model>> {
    return this.store.list(pageRequest(first, after), filter);
  }
}
