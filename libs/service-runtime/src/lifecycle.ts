import type * as http from 'node:http';

import type { ApolloServer, BaseContext } from '@apollo/server';
import {
  ConfigError,
  loadConfig,
  toFerryError,
  type FerryConfig,
  type Identity,
  type ServiceName,
  type StreamSpec,
} from '@ferry/contracts';
import { connectNats, ensureStreams, pingNats } from '@ferry/messaging';
import { openDatabase, type Database, type DatabaseOptions } from '@ferry/persistence';
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';

import { internalSecretOf } from './auth/internal-secret';
import { KeyVerifier } from './auth/key-verifier';
import { RequestAuth } from './auth/request-auth';
import { graphqlRoute, type GraphQLRouteOptions } from './graphql-http';
import { HttpServer, sendError, sendJson, type Route } from './http';
import { createLogger, type Logger } from './logger';
import { OutboxRelay } from './outbox-relay';
import { FERRY_VERSION } from './version';

/** What a service's set-up receives: its configuration and the connections the runtime opened for it. */
export interface ServiceContext {
  name: ServiceName;
  /** With FERRY_AUTH=on, `internalSecret` is always set (from the environment or FERRY_DATA_DIR). */
  config: FerryConfig;
  logger: Logger;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Present when the service declared a database. */
  db: Database | undefined;
  /** Present with the database: publishes the events written to the outbox. */
  outbox: OutboxRelay | undefined;
  startedAt: Date;
  /** How requests are identified (signed identities, API keys) and whether FERRY_AUTH is on. */
  auth: RequestAuth;
  /** NATS answering and the database migrated and answering. */
  ready(): Promise<boolean>;
}

/** What a service's set-up hands back to the runtime. */
export interface ServiceParts<TContext extends BaseContext = BaseContext> {
  apollo: ApolloServer<TContext>;
  /** The GraphQL context of a request from who sent it (null: nobody verified, only with FERRY_AUTH=off). */
  context: (req: http.IncomingMessage, identity: Identity | null) => Promise<TContext>;
  /**
   * Identifies a request to `/graphql`; throws UNAUTHENTICATED to refuse it. Default: the gateway's signed
   * identity, required when FERRY_AUTH is on (the gateway itself checks API keys instead).
   */
  authenticate?: (req: http.IncomingMessage) => Promise<Identity | null> | Identity | null;
  routes?: Route[];
  /** Called while shutting down, after HTTP stopped accepting and before NATS drains. */
  stop?: () => Promise<void>;
  /** Called first when shutting down, before HTTP stops accepting (e.g. to close WebSockets, which it would wait for). */
  closing?: () => Promise<void>;
  /** Called once the HTTP server listens (e.g. to attach WebSockets). */
  attach?: (server: http.Server) => void;
  /** Extra readiness conditions beyond NATS and the database. */
  ready?: () => Promise<boolean>;
  /** Body limit of `/graphql` (default 1 MiB; inference takes tensors inline and sets its own). */
  graphqlBodyLimitBytes?: number;
  /** Answers some JSON operations without Apollo (see GraphQLRouteOptions.direct); the gateway's direct route. */
  graphqlDirect?: GraphQLRouteOptions<TContext>['direct'];
}

export interface ServiceDefinition<TContext extends BaseContext = BaseContext> {
  name: ServiceName;
  database?: Omit<DatabaseOptions, 'service' | 'config'>;
  streams?: (prefix: string) => StreamSpec[];
  setup: (ctx: ServiceContext) => Promise<ServiceParts<TContext>>;
}

export interface RunningService {
  name: ServiceName;
  url: string;
  port: number;
  context: ServiceContext;
  stop(): Promise<void>;
}

/** Body limit of the GraphQL endpoint of every service (uploads go through streaming REST routes). */
const GRAPHQL_BODY_LIMIT = 1024 * 1024;

/**
 * Starts a service: connects NATS, ensures its streams, opens and migrates its database, builds its
 * GraphQL server and listens. `port` overrides the configured one (0 picks a free port, for tests).
 */
export async function startService<TContext extends BaseContext>(
  definition: ServiceDefinition<TContext>,
  given: FerryConfig,
  options: { port?: number; logger?: Logger } = {},
): Promise<RunningService> {
  const logger = options.logger ?? createLogger(definition.name, given.logLevel);
  const startedAt = new Date();
  const config = given.auth ? { ...given, internalSecret: internalSecretOf(given) } : given;
  if (!config.auth) {
    logger.warn(
      {},
      'FERRY_AUTH=off: requests are not authenticated and every caller is an admin (local experiments only)',
    );
  }
  const nc = await connectNats({ servers: config.natsServers, name: `ferry-${definition.name}`, logger });
  const cleanups: Array<() => Promise<void>> = [() => nc.drain().catch(() => nc.close())];
  try {
    const jsm = await nc.jetstreamManager();
    const js = nc.jetstream();
    if (definition.streams !== undefined) {
      await ensureStreams(jsm, definition.streams(config.natsPrefix));
    }
    let db: Database | undefined;
    let outbox: OutboxRelay | undefined;
    if (definition.database !== undefined) {
      db = await openDatabase({ ...definition.database, service: definition.name, config });
      const dbRef = db;
      cleanups.unshift(() => dbRef.close());
      const applied = await db.migrate();
      logger.info({ dialect: db.dialect, location: db.location, applied }, 'database migrated');
      outbox = new OutboxRelay(db, js, logger);
      outbox.start();
      const relay = outbox;
      cleanups.unshift(() => relay.stop());
    }
    const keys = config.auth ? new KeyVerifier(nc, config.natsPrefix) : undefined;
    if (keys !== undefined) {
      cleanups.unshift(async () => keys.stop());
    }
    const auth = new RequestAuth(config.auth, config.internalSecret, keys);
    const readiness: { extra?: () => Promise<boolean> } = {};
    const ctx: ServiceContext = {
      name: definition.name,
      config,
      logger,
      nc,
      js,
      jsm,
      db,
      outbox,
      startedAt,
      auth,
      ready: async () => {
        try {
          await pingNats(nc);
          const dbReady = db === undefined ? true : await db.ready();
          return dbReady && (readiness.extra === undefined ? true : await readiness.extra());
        } catch {
          return false;
        }
      },
    };
    const parts = await definition.setup(ctx);
    readiness.extra = parts.ready;
    if (parts.stop !== undefined) {
      cleanups.unshift(parts.stop);
    }
    await parts.apollo.start();
    cleanups.unshift(() => parts.apollo.stop());
    const routes: Route[] = [
      {
        method: 'GET',
        path: '/healthz',
        access: 'public',
        handler: (_req, res) => sendJson(res, 200, { status: 'ok', service: definition.name }),
      },
      {
        method: 'GET',
        path: '/readyz',
        access: 'public',
        handler: async (_req, res) => {
          const ready = await ctx.ready();
          sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', service: definition.name });
        },
      },
      {
        method: '*',
        path: '/graphql',
        access: 'public',
        handler: graphqlRoute({
          apollo: parts.apollo,
          authenticate: parts.authenticate ?? ((req) => auth.graphql(req)),
          context: parts.context,
          bodyLimitBytes: parts.graphqlBodyLimitBytes ?? GRAPHQL_BODY_LIMIT,
          direct: parts.graphqlDirect,
        }),
      },
      ...(parts.routes ?? []).map((route) => guarded(route, auth)),
    ];
    const server = new HttpServer(routes, logger);
    const port = await server.listen(config.host, options.port ?? config.ports[definition.name]);
    parts.attach?.(server.raw);
    const url = `http://${config.host}:${port}`;
    logger.info({ url, version: FERRY_VERSION }, `${definition.name} listening`);
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        await parts.closing?.().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping'));
        await server.close(Math.max(100, config.shutdownTimeoutMs - 1500));
        for (const cleanup of cleanups) {
          await cleanup().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping'));
        }
        logger.info({}, `${definition.name} stopped`);
      })();
      return stopping;
    };
    return { name: definition.name, url, port, context: ctx, stop };
  } catch (error) {
    for (const cleanup of cleanups) {
      await cleanup().catch(() => undefined);
    }
    throw error;
  }
}

/** A route that identifies its caller first (see `Route.access`), refusing with 401/403 as the route writes errors. */
function guarded(route: Route, auth: RequestAuth): Route {
  const access = route.access ?? 'admin';
  if (access === 'public') {
    return route;
  }
  const refuse = route.refuse ?? sendError;
  return {
    ...route,
    handler: async (req, res, url) => {
      try {
        await auth.route(req, access);
      } catch (error) {
        const refusal = toFerryError(error);
        if (refusal.code === 'INTERNAL') {
          throw error;
        }
        if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) {
          // The body was not read: this connection cannot carry another request.
          res.setHeader('connection', 'close');
        }
        refuse(res, refusal);
        return;
      }
      await route.handler(req, res, url);
    },
  };
}

/**
 * The `main` of a service process: reads the configuration (a bad one stops it with one line naming the
 * variable), starts the service, and stops it gracefully on SIGTERM/SIGINT within the shutdown timeout.
 */
export async function runMain<TContext extends BaseContext>(definition: ServiceDefinition<TContext>): Promise<void> {
  let config: FerryConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ferry-${definition.name}: bad configuration: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(definition.name, config.logLevel);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  let running: RunningService;
  try {
    running = await startService(definition, config, { logger });
  } catch (error) {
    logger.fatal({ err: error }, `${definition.name} failed to start`);
    process.stderr.write(`ferry-${definition.name}: failed to start: ${describeStartError(error)}\n`);
    process.exit(1);
  }
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({}, `did not stop within ${config.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    void running.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  if (process.env.FERRY_SUPERVISED === '1') {
    // Started by `npm start`: stdin is a pipe from the supervisor; when it closes, the supervisor is gone.
    process.stdin.on('end', () => shutdown('supervisor gone')).resume();
  }
}

function describeStartError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'EADDRINUSE') {
    return `${message} (another process holds the port; set FERRY_<SERVICE>_PORT)`;
  }
  if (code === 'CONNECTION_REFUSED' || /CONNECTION_REFUSED|ECONNREFUSED/.test(message)) {
    return `${message} (is NATS/PostgreSQL running? check NATS_URL and DATABASE_URL)`;
  }
  return message;
}
