import { notFound } from '@ferry/contracts';

import type { Model } from './model';
import type { ModelStore } from './ports';

/** The model with this name, or NOT_FOUND naming it. */
export async function modelNamed(store: ModelStore, name: string): Promise<Model> {
  const model = await store.findByName(name.trim());
  if (model === undefined) {
    throw notFound(`no model named "${name}"`);
  }
  return model;
}
