import 'reflect-metadata';

import { streamsFor } from '@ferry/contracts';
import { createGraphQLServer, ResolverContainer, type ServiceDefinition } from '@ferry/service-runtime';

import { ModelCatalog } from './domain/model-catalog';
import type { RequestContext } from './graphql/context';
import { ModelResolver } from './graphql/model.resolver';
import { buildRegistrySchema } from './graphql/schema';
import { registryDatabase, TypeOrmModelStore } from './store';

/** The registry service: models (and, as the work lands, versions, aliases, datasets, artifacts). */
export const registryService: ServiceDefinition<RequestContext> = {
  name: 'registry',
  database: registryDatabase,
  streams: (prefix) => [streamsFor(prefix).events],
  async setup(ctx) {
    const { db, outbox } = ctx;
    if (db === undefined || outbox === undefined) {
      throw new Error('the registry needs its database');
    }
    const catalog = new ModelCatalog(new TypeOrmModelStore(db.dataSource), ctx.config.natsPrefix, () => outbox.nudge());
    const container = new ResolverContainer()
      .register(ModelCatalog, catalog)
      .register(ModelResolver, new ModelResolver(catalog));
    const schema = await buildRegistrySchema(() => ctx, container);
    return {
      apollo: createGraphQLServer<RequestContext>(schema, ctx),
      context: async () => ({ actor: { id: null } }),
    };
  },
};
