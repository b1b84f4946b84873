import { Directive, Field, Float, ObjectType, Query, Resolver } from 'type-graphql';

/** What a service says about itself; shared by every subgraph (hence `@shareable`). */
@Directive('@shareable')
@ObjectType({ description: 'A running Ferry service: what it is, how long it has been up, and whether it is ready.' })
export class ServiceInfo {
  @Field({ description: 'The service name, e.g. "registry".' })
  name!: string;

  @Field({ description: 'The version of Ferry this service runs.' })
  version!: string;

  @Field({ description: 'When this process started (ISO 8601).' })
  startedAt!: string;

  @Field(() => Float)
  uptimeSeconds!: number;

  @Field({ description: 'NATS reachable and the database migrated and reachable.' })
  ready!: boolean;

  @Field({ description: 'The database dialect in use: sqlite or postgres (or "none").' })
  database!: string;
}

/** Reports a service's identity and readiness, for `ServiceInfo`. */
export interface ServiceInfoSource {
  name: string;
  version: string;
  startedAt: Date;
  database: string;
  ready(): Promise<boolean>;
}

/**
 * Makes the resolver of `<service>Service: ServiceInfo`, one query field per subgraph so that the four
 * compose without clashing.
 */
export function serviceInfoResolver(fieldName: string, source: () => ServiceInfoSource) {
  @Resolver()
  class ServiceInfoResolver {
    @Query(() => ServiceInfo, { name: fieldName, description: 'This service: version, uptime and readiness.' })
    async serviceInfo(): Promise<ServiceInfo> {
      const info = source();
      return {
        name: info.name,
        version: info.version,
        startedAt: info.startedAt.toISOString(),
        uptimeSeconds: Math.round((Date.now() - info.startedAt.getTime()) / 100) / 10,
        ready: await info.ready().catch(() => false),
        database: info.database,
      };
    }
  }
  return ServiceInfoResolver;
}
