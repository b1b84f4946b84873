import { buildServiceSchema, type ResolverContainer, type ServiceContext } from '@ferry/service-runtime';
import type { GraphQLSchema } from 'graphql';

import { MonitorResolver } from './monitor.resolver';

/** The monitoring subgraph schema. */
export function buildMonitoringSchema(
  info: () => ServiceContext,
  container: ResolverContainer,
): Promise<GraphQLSchema> {
  return buildServiceSchema({ serviceName: 'monitoring', info, resolvers: [MonitorResolver], container });
}
