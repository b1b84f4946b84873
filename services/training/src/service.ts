import 'reflect-metadata';

import { streamsFor } from '@ferry/contracts';
import { CreateOutbox1764214800000, OutboxRecord } from '@ferry/persistence';
import { createGraphQLServer, ResolverContainer, type ServiceDefinition } from '@ferry/service-runtime';

import { buildTrainingSchema } from './graphql/schema';

/** The training service. Trains, validates and promotes models: pipelines, runs and continuous-training triggers. */
export const trainingService: ServiceDefinition = {
  name: 'training',
  database: { entities: [OutboxRecord], migrations: [CreateOutbox1764214800000] },
  streams: (prefix) => {
    const streams = streamsFor(prefix);
    return [streams.events];
  },
  async setup(ctx) {
    const schema = await buildTrainingSchema(() => ctx, new ResolverContainer());
    return { apollo: createGraphQLServer(schema, ctx), context: async () => ({}) };
  },
};
