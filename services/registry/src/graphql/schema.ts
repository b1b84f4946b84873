import { buildServiceSchema, type ResolverContainer, type ServiceContext } from '@ferry/service-runtime';
import type { GraphQLSchema } from 'graphql';

import { DatasetCatalog } from '../domain/dataset-catalog';
import { ModelCatalog } from '../domain/model-catalog';
import { ModelVersions } from '../domain/model-versions';
import { DatasetResolver, DatasetVersionResolver } from './dataset.resolver';
import { ModelResolver } from './model.resolver';
import { ModelVersionResolver } from './model-version.resolver';

/** The registry's subgraph schema; the container supplies resolvers and domain services at request time. */
export function buildRegistrySchema(info: () => ServiceContext, container: ResolverContainer): Promise<GraphQLSchema> {
  const byId =
    <T>(find: (id: string) => Promise<T | undefined>) =>
    async (ref: Record<string, unknown>) =>
      (await find(String(ref.id))) ?? null;
  // Models and datasets are keyed by id and by name.
  const byIdOrName =
    <T>(findById: (id: string) => Promise<T | undefined>, findByName: (name: string) => Promise<T>) =>
    async (ref: Record<string, unknown>) =>
      typeof ref.id === 'string' ? ((await findById(ref.id)) ?? null) : findByName(String(ref.name)).catch(() => null);
  return buildServiceSchema({
    serviceName: 'registry',
    info,
    resolvers: [ModelResolver, ModelVersionResolver, DatasetResolver, DatasetVersionResolver],
    container,
    referenceResolvers: {
      Model: {
        __resolveReference: byIdOrName(
          (id) => container.get(ModelCatalog).modelById(id),
          (name) => container.get(ModelCatalog).model(name),
        ),
      },
      ModelVersion: { __resolveReference: byId((id) => container.get(ModelVersions).byId(id)) },
      Dataset: {
        __resolveReference: byIdOrName(
          (id) => container.get(DatasetCatalog).datasetById(id),
          (name) => container.get(DatasetCatalog).dataset(name),
        ),
      },
      DatasetVersion: { __resolveReference: byId((id) => container.get(DatasetCatalog).versionById(id)) },
    },
  });
}
