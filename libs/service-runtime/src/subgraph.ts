import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';

import { buildFederatedSchema, type ReferenceResolvers } from './federation';
import { formatGraphQLError } from './graphql-errors';
import type { ServiceContext } from './lifecycle';
import { serviceInfoResolver } from './service-info';
import { FERRY_VERSION } from './version';

/** An Apollo Server for a subgraph, with Ferry's error mapping and no stack traces for clients. */
export function createGraphQLServer<TContext extends BaseContext>(
  schema: GraphQLSchema,
  ctx: Pick<ServiceContext, 'logger'>,
) {
  return new ApolloServer<TContext>({
    schema,
    logger: ctx.logger,
    // The gateway does not report traces to Apollo's cloud; computing them costs every request.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    formatError: formatGraphQLError(ctx.logger),
    includeStacktraceInErrorResponses: false,
    introspection: true,
  });
}

/** Resolver classes; type-graphql asks the container for their instances. */
type ResolverClasses = Array<new (...args: never[]) => unknown>;

/** A simple container: resolver classes are constructed with the instances a service registers. */
export class ResolverContainer {
  private readonly instances = new Map<unknown, unknown>();

  register<T>(cls: abstract new (...args: never[]) => T, instance: T): this {
    // Keyed by class: type-graphql asks for resolver instances by their class.
    this.instances.set(cls, instance);
    return this;
  }

  get<T>(cls: new (...args: never[]) => T): T {
    const instance = this.instances.get(cls);
    if (instance === undefined) {
      throw new Error(`no instance registered for ${cls.name}`);
    }
    return instance as T;
  }
}

/**
 * Builds a service's subgraph schema: its own resolvers plus `<name>Service: ServiceInfo`.
 * The ServiceInfo resolver reads the live context, so the same schema can also be built offline
 * (to print `schema.graphql`) with a context that is never called.
 */
export async function buildServiceSchema(options: {
  serviceName: string;
  info: () => ServiceContext;
  resolvers: ResolverClasses;
  container: ResolverContainer;
  referenceResolvers?: ReferenceResolvers;
}): Promise<GraphQLSchema> {
  const infoResolver = serviceInfoResolver(`${options.serviceName}Service`, () => {
    const ctx = options.info();
    return {
      name: ctx.name,
      version: FERRY_VERSION,
      startedAt: ctx.startedAt,
      database: ctx.db?.dialect ?? 'none',
      ready: () => ctx.ready(),
    };
  });
  const { container } = options;
  container.register(infoResolver, new infoResolver());
  return buildFederatedSchema(
    {
      resolvers: [infoResolver, ...options.resolvers],
      container: { get: (cls: new () => unknown) => container.get(cls) },
    },
    options.referenceResolvers,
  );
}
