import 'reflect-metadata';

import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { baseUrlOf, bearerKeyOf, ErrorCode, FerryError, type Identity } from '@ferry/contracts';
import {
  formatGraphQLError,
  metricsRoute,
  signIdentity,
  type ServiceContext,
  type ServiceDefinition,
  type ServiceParts,
} from '@ferry/service-runtime';
import { buildASTSchema, parse, printSchema, type GraphQLSchema, type ValidationRule } from 'graphql';

import { ApiKeys } from './domain/api-keys';
import { accessPlugin } from './graphql/access-plugin';
import type { GatewayContext } from './graphql/context';
import { depthLimitRule, noIntrospectionRule } from './graphql/limits';
import { DirectOperations } from './graphql/direct-operations';
import { directRoute } from './graphql/direct-route';
import { LocalSubgraphSource } from './graphql/local-subgraph';
import { buildGatewaySchema } from './graphql/schema';
import { createHttpFetcher } from './http-fetcher';
import { artifactProxyRoutes } from './rest/artifact-proxy';
import { announceRevocation, answerKeyChecks } from './messaging/key-checks';
import { gatewaySettings, type GatewaySettings } from './settings';
import { gatewayDatabase, TypeOrmApiKeyStore } from './store';
import { SubgraphSource } from './subgraph-source';
import { subscriptionFields } from './subscriptions/fields';
import { SubjectFeeds } from './subscriptions/subject-feeds';
import { SubscriptionServer } from './subscriptions/ws-server';
import { composeSupergraph, GATEWAY_SUBGRAPH, readSubgraphs } from './supergraph';
import { GatewayTelemetry } from './telemetry/gateway-telemetry';

export interface GatewayOptions {
  /** Overrides of the FERRY_* gateway settings (tests). */
  settings?: Partial<GatewaySettings>;
  /** Shows the generated bootstrap admin key, once (default: one line on stderr). */
  announceKey?: (secret: string) => void;
}

/**
 * The gateway: the federated API of the four services and its own (API keys) at `/graphql` over HTTP, the
 * subscriptions over graphql-ws on the same path, API keys checked and identities signed to the subgraphs, and the
 * limits that refuse an operation before any subgraph is called (ADR 0005).
 */
export function createGatewayService(options: GatewayOptions = {}): ServiceDefinition<GatewayContext> {
  return {
    name: 'gateway',
    database: gatewayDatabase,
    setup: (ctx) => setup(ctx, gatewaySettings(process.env, options.settings), options.announceKey ?? announce),
  };
}

/** The gateway with its settings from the environment. */
export const gatewayService = createGatewayService();

function announce(secret: string): void {
  process.stderr.write(
    `ferry-gateway: created the bootstrap admin API key (shown once; keep it): ${secret}\n` +
      `ferry-gateway: send it as "Authorization: Bearer <key>"; createApiKey makes more keys\n`,
  );
}

async function setup(
  ctx: ServiceContext,
  settings: GatewaySettings,
  announceKey: (secret: string) => void,
): Promise<ServiceParts<GatewayContext>> {
  const { config, db, nc, logger } = ctx;
  if (db === undefined) {
    throw new Error('the gateway needs its database');
  }
  const telemetry = new GatewayTelemetry();
  const format = formatGraphQLError(logger);
  const parts: { subscriptions?: SubscriptionServer } = {};
  const revoked = (hash: string): void => parts.subscriptions?.closeKey(hash);
  const keys = new ApiKeys(new TypeOrmApiKeyStore(db), {
    cacheMs: settings.keyCacheMs,
    revoked: (hash) => {
      revoked(hash);
      announceRevocation(nc, config.natsPrefix, hash);
    },
  });
  const generated = await keys.bootstrap(config.adminKey, config.auth);
  if (generated !== undefined) {
    announceKey(generated);
    logger.warn({}, 'created the bootstrap admin API key (printed once on stderr)');
  }
  const keyChecks = answerKeyChecks(nc, config.natsPrefix, keys, revoked, logger);

  const secret = config.internalSecret;
  const sign = config.auth && secret !== undefined ? (identity: Identity) => signIdentity(secret, identity) : undefined;
  const subgraphs = readSubgraphs(config);
  const fetcher = createHttpFetcher();
  const artifacts = artifactProxyRoutes(baseUrlOf('registry', config));
  const localSchema = buildGatewaySchema(() => keys);
  const supergraphSdl = composeSupergraph(subgraphs);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      name === GATEWAY_SUBGRAPH
        ? new LocalSubgraphSource(localSchema, format)
        : new SubgraphSource(name, url ?? '', fetcher, sign),
    logger,
  });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    // The same schema without the gateway's own field resolvers (they read query-plan results by alias): the
    // subscriptions execute their events against it with plain property reads.
    apiSchema = buildASTSchema(parse(printSchema(schema)));
  });
  logger.info({ subgraphs: subgraphs.map(({ name, url }) => ({ name, url })), settings }, 'supergraph composed');

  // Apollo refuses introspection itself when it is off; the WebSocket path needs the rule.
  const validationRules: ValidationRule[] = [depthLimitRule(settings.maxDepth)];
  const socketRules = settings.introspection ? validationRules : [...validationRules, noIntrospectionRule];
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    formatError: format,
    includeStacktraceInErrorResponses: false,
    introspection: settings.introspection,
    validationRules,
    plugins: [
      accessPlugin({
        auth: config.auth,
        maxCost: settings.maxCost,
        refused: (code) => telemetry.refused.inc({ code }),
      }),
    ],
  });
  const feeds = new SubjectFeeds(nc, logger);
  const subscriptions = new SubscriptionServer({
    auth: config.auth,
    keys,
    schema: () => apiSchema,
    fields: subscriptionFields({
      feeds,
      natsPrefix: config.natsPrefix,
      bufferSize: settings.subscriptionBuffer,
      telemetry,
      logger,
    }),
    validationRules: socketRules,
    maxCost: settings.maxCost,
    maxPayloadBytes: settings.bodyLimitBytes,
    maxSubscriptionsPerConnection: settings.maxSubscriptionsPerConnection,
    keepAliveMs: settings.keepAliveMs,
    execute: async (request, contextValue) => {
      const response = await apollo.executeOperation(request, { contextValue });
      if (response.body.kind !== 'single') {
        throw new Error('incremental delivery is not supported over WebSockets');
      }
      return response.body.singleResult;
    },
    format,
    telemetry,
    logger,
  });
  parts.subscriptions = subscriptions;

  return {
    apollo,
    authenticate: async (req) => {
      if (!config.auth) {
        return null;
      }
      const key = bearerKeyOf(req.headers.authorization);
      const identity = key === undefined ? null : await keys.authenticate(key);
      if (identity === null) {
        telemetry.refused.inc({ code: ErrorCode.UNAUTHENTICATED });
        throw new FerryError(
          ErrorCode.UNAUTHENTICATED,
          key === undefined
            ? 'send an API key as "Authorization: Bearer <key>"'
            : 'the API key is not valid (unknown or revoked)',
        );
      }
      return identity;
    },
    context: async (_req, identity) => ({ identity }),
    graphqlBodyLimitBytes: settings.bodyLimitBytes,
    graphqlDirect: directRoute({
      operations: new DirectOperations(
        supergraphSdl,
        new Map(subgraphs.flatMap(({ name, url }) => (name === GATEWAY_SUBGRAPH ? [] : [[name, url] as const]))),
        validationRules,
      ),
      auth: config.auth,
      maxCost: settings.maxCost,
      fetcher,
      sign,
      answered: (subgraph) => telemetry.direct.inc({ subgraph }),
    }),
    routes: [metricsRoute(telemetry.registry), ...artifacts.routes],
    attach: (server) => subscriptions.attach(server),
    closing: () => subscriptions.close(),
    ready: async () => apiSchema !== undefined,
    stop: async () => {
      keyChecks.stop();
      feeds.close();
      fetcher.destroy();
      artifacts.close();
    },
  };
}
