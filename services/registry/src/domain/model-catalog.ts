import { randomUUID } from 'node:crypto';

import {
  Events,
  badInput,
  conflict,
  createEnvelope,
  notFound,
  pageRequest,
  subjectOf,
  validateResourceName,
  type Page,
} from '@ferry/contracts';

import type { Actor, CreateModelCommand, Model } from './model';
import type { ModelStore } from './model-store';

const MAX_DESCRIPTION = 10_000;
const MAX_TAGS = 64;

/** The registry's operations on models, independent of GraphQL, NATS and the ORM. */
export class ModelCatalog {
  constructor(
    private readonly store: ModelStore,
    private readonly natsPrefix: string,
    /** Called after a commit that wrote events, so they leave at once rather than at the next poll. */
    private readonly eventsCommitted: () => void,
  ) {}

  async createModel(command: CreateModelCommand, actor: Actor): Promise<Model> {
    const name = validateResourceName('name', command.name);
    const description = (command.description ?? '').trim();
    if (description.length > MAX_DESCRIPTION) {
      throw badInput(`description must be at most ${MAX_DESCRIPTION} characters`, { field: 'description' });
    }
    const tags = normaliseTags(command.tags ?? []);
    if ((await this.store.findByName(name)) !== undefined) {
      throw conflict(`a model named "${name}" already exists`);
    }
    const now = new Date();
    const model: Model = {
      id: randomUUID(),
      name,
      description,
      tags,
      createdAt: now,
      updatedAt: now,
      createdBy: actor.id,
    };
    const envelope = createEnvelope(Events.modelCreated, toPayload(model), { source: 'registry', actor: actor.id });
    await this.store.create(model, [{ subject: subjectOf(Events.modelCreated, this.natsPrefix), envelope }]);
    this.eventsCommitted();
    return model;
  }

  async model(name: string): Promise<Model> {
    const model = await this.store.findByName(name.trim());
    if (model === undefined) {
      throw notFound(`no model named "${name}"`);
    }
    return model;
  }

  async modelById(id: string): Promise<Model | undefined> {
    return this.store.findById(id);
  }

  async models(first?: number | null, after?: string | null): Promise<Page<Model>> {
    return this.store.list(pageRequest(first, after));
  }
}

function normaliseTags(tags: string[]): string[] {
  if (tags.length > MAX_TAGS) {
    throw badInput(`at most ${MAX_TAGS} tags`, { field: 'tags' });
  }
  const cleaned = tags.map((t) => t.trim());
  const bad = cleaned.find((t) => t === '' || t.length > 64);
  if (bad !== undefined) {
    throw badInput('each tag must be 1–64 characters', { field: 'tags' });
  }
  return [...new Set(cleaned)];
}

function toPayload(model: Model) {
  return {
    id: model.id,
    name: model.name,
    description: model.description,
    tags: model.tags,
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
    createdBy: model.createdBy,
  };
}
