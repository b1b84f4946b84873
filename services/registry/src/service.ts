import 'reflect-metadata';

import * as path from 'node:path';

import { jetStreamName, streamsFor } from '@ferry/contracts';
import {
  createGraphQLServer,
  ResolverContainer,
  type ServiceContext,
  type ServiceDefinition,
} from '@ferry/service-runtime';

import { ModelAliases } from './domain/aliases';
import type { ArtifactStore } from './domain/artifact';
import { ArtifactLibrary } from './domain/artifact-library';
import { DatasetCatalog } from './domain/dataset-catalog';
import type { EventRouting } from './domain/events';
import { ModelCatalog } from './domain/model-catalog';
import { ModelVersions } from './domain/model-versions';
import type { RequestContext } from './graphql/context';
import { DatasetResolver, DatasetVersionResolver } from './graphql/dataset.resolver';
import { ModelResolver } from './graphql/model.resolver';
import { ModelVersionResolver } from './graphql/model-version.resolver';
import { buildRegistrySchema } from './graphql/schema';
import { artifactRoutes } from './rest/artifacts';
import { OnnxInspector } from './runtime/onnx-inspector';
import {
  FsArtifactStore,
  NatsArtifactStore,
  registryDatabase,
  TypeOrmArtifactIndex,
  TypeOrmDatasetStore,
  TypeOrmModelStore,
} from './store';

/** The artifact byte store FERRY_ARTIFACT_STORE selects. */
async function artifactStore(ctx: ServiceContext): Promise<ArtifactStore> {
  const root = path.join(ctx.config.dataDir, 'artifacts');
  if (ctx.config.artifactStore === 'nats') {
    const bucket = await ctx.js.views.os(jetStreamName(ctx.config.natsPrefix, 'ARTIFACTS'), {
      storage: 'file',
    } as never);
    return new NatsArtifactStore(bucket, path.join(root, '.staging'));
  }
  return new FsArtifactStore(root);
}

/** The registry service: models, versions, aliases, datasets and artifacts — the system of record. */
export const registryService: ServiceDefinition<RequestContext> = {
  name: 'registry',
  database: registryDatabase,
  streams: (prefix) => [streamsFor(prefix).events],
  async setup(ctx) {
    const { db, outbox, config, logger } = ctx;
    if (db === undefined || outbox === undefined) {
      throw new Error('the registry needs its database');
    }
    const routing: EventRouting = { natsPrefix: config.natsPrefix, committed: () => outbox.nudge() };
    const models = new TypeOrmModelStore(db);
    const datasetStore = new TypeOrmDatasetStore(db);
    const library = new ArtifactLibrary(await artifactStore(ctx), new TypeOrmArtifactIndex(db), {
      maxBytes: config.artifactMaxBytes,
      gcGraceSeconds: config.artifactGcGraceSeconds,
    });
    const catalog = new ModelCatalog(models, routing);
    const versions = new ModelVersions(models, datasetStore, library, new OnnxInspector(), routing);
    const aliases = new ModelAliases(models, routing);
    const datasets = new DatasetCatalog(
      datasetStore,
      library,
      routing,
      async (id) => (await models.versionById(id)) !== undefined,
    );
    const container = new ResolverContainer()
      .register(ModelCatalog, catalog)
      .register(ModelVersions, versions)
      .register(DatasetCatalog, datasets)
      .register(ModelResolver, new ModelResolver(catalog, versions, aliases))
      .register(ModelVersionResolver, new ModelVersionResolver(catalog, versions, aliases, datasets))
      .register(DatasetResolver, new DatasetResolver(datasets))
      .register(DatasetVersionResolver, new DatasetVersionResolver(datasets, versions));
    const schema = await buildRegistrySchema(() => ctx, container);

    // Registrations a crash interrupted are finished in the background; GC runs on a timer.
    void versions
      .resumePending()
      .then((settled) => settled.length > 0 && logger.info({ count: settled.length }, 'resumed pending registrations'))
      .catch((error: unknown) => logger.error({ err: error }, 'resuming pending registrations failed'));
    const gc = setInterval(() => {
      void library
        .collectGarbage()
        .then((deleted) => deleted.length > 0 && logger.info({ deleted }, 'artifact garbage collected'))
        .catch((error: unknown) => logger.warn({ err: error }, 'artifact garbage collection failed'));
    }, config.artifactGcIntervalSeconds * 1000);
    gc.unref();

    return {
      apollo: createGraphQLServer<RequestContext>(schema, ctx),
      context: async (_req, identity) => ({ actor: { id: identity?.id ?? null } }),
      routes: artifactRoutes(library),
      stop: async () => clearInterval(gc),
    };
  },
};
