import type { EventEnvelope, Page, PageRequest } from '@ferry/contracts';

import type { Model } from './model';

/** An event to publish once the change that announces it has committed. */
export interface PendingEvent {
  subject: string;
  envelope: EventEnvelope;
}

/** Where models live. Implemented with TypeORM on SQLite and PostgreSQL (one shared test suite). */
export interface ModelStore {
  /** Inserts a model and its events atomically; throws CONFLICT when the name is taken. */
  create(model: Model, events: PendingEvent[]): Promise<void>;
  findByName(name: string): Promise<Model | undefined>;
  findById(id: string): Promise<Model | undefined>;
  /** Models ordered by name. */
  list(page: PageRequest): Promise<Page<Model>>;
}
