import 'reflect-metadata';

import { streamsFor } from '@ferry/contracts';
import { CreateOutbox1764214800000, OutboxRecord } from '@ferry/persistence';
import { createGraphQLServer, ResolverContainer, type ServiceDefinition } from '@ferry/service-runtime';

import { buildInferenceSchema } from './graphql/schema';

/** The inference service. Serves models on ONNX Runtime: deployments, real-time and batch predictions. */
export const inferenceService: ServiceDefinition = {
  name: 'inference',
  database: { entities: [OutboxRecord], migrations: [CreateOutbox1764214800000] },
  streams: (prefix) => {
    const streams = streamsFor(prefix);
    return [streams.events, streams.predictions];
  },
  async setup(ctx) {
    const schema = await buildInferenceSchema(() => ctx, new ResolverContainer());
    return { apollo: createGraphQLServer(schema, ctx), context: async () => ({}) };
  },
};
