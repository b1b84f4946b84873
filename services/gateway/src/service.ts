import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { formatGraphQLError, type ServiceDefinition } from '@ferry/service-runtime';

import { createHttpFetcher } from './http-fetcher';
import { SubgraphSource } from './subgraph-source';
import { composeSupergraph, readSubgraphs } from './supergraph';

/** The gateway: the federated API of the four services at `/graphql`. */
export const gatewayService: ServiceDefinition = {
  name: 'gateway',
  async setup(ctx) {
    const subgraphs = readSubgraphs(ctx.config);
    const supergraphSdl = composeSupergraph(subgraphs);
    const fetcher = createHttpFetcher();
    const gateway = new ApolloGateway({
      supergraphSdl,
      buildService: ({ name, url }) => new SubgraphSource(name, url ?? '', fetcher),
      logger: ctx.logger,
    });
    let loaded = false;
    gateway.onSchemaLoadOrUpdate(() => {
      loaded = true;
    });
    ctx.logger.info({ subgraphs: subgraphs.map(({ name, url }) => ({ name, url })) }, 'supergraph composed');
    const apollo = new ApolloServer({
      gateway,
      logger: ctx.logger,
      formatError: formatGraphQLError(ctx.logger),
      includeStacktraceInErrorResponses: false,
      introspection: true,
    });
    return {
      apollo,
      context: async () => ({}),
      ready: async () => loaded,
      stop: async () => fetcher.destroy(),
    };
  },
};
