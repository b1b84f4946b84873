import 'reflect-metadata';

import { streamsFor } from '@ferry/contracts';
import { CreateOutbox1764214800000, OutboxRecord } from '@ferry/persistence';
import { createGraphQLServer, ResolverContainer, type ServiceDefinition } from '@ferry/service-runtime';

import { buildMonitoringSchema } from './graphql/schema';

/** The monitoring service. Watches deployments: drift, delayed-label performance, operational metrics and alerts. */
export const monitoringService: ServiceDefinition = {
  name: 'monitoring',
  database: { entities: [OutboxRecord], migrations: [CreateOutbox1764214800000] },
  streams: (prefix) => {
    const streams = streamsFor(prefix);
    return [streams.events, streams.feedback];
  },
  async setup(ctx) {
    const schema = await buildMonitoringSchema(() => ctx, new ResolverContainer());
    return { apollo: createGraphQLServer(schema, ctx), context: async () => ({}) };
  },
};
