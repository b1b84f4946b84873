import type * as http from 'node:http';
import type { Duplex } from 'node:stream';

import { bearerKeyOf, ErrorCode, hashApiKey, type Identity } from '@ferry/contracts';
import type { Logger } from '@ferry/service-runtime';
import {
  createSourceEventStream,
  defaultFieldResolver,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  print,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { CloseCode, handleProtocols, makeServer, type Context, type Server } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';

import type { ApiKeys } from '../domain/api-keys';
import { authorize } from '../graphql/access-plugin';
import type { GatewayContext } from '../graphql/context';
import { costError, LIMIT_CODE, operationCost } from '../graphql/limits';
import type { GatewayTelemetry } from '../telemetry/gateway-telemetry';
import type { SubscriptionOpener } from './fields';

/** Close code of a connection without a valid API key (graphql-ws's Unauthorized). */
export const CLOSE_UNAUTHORIZED = CloseCode.Unauthorized;
/** Close code of a connection whose key was revoked while it was open (graphql-ws's Forbidden). */
export const CLOSE_REVOKED = CloseCode.Forbidden;

/** One WebSocket connection: who it is, once its `connection_init` carried a valid key. */
interface Connection {
  socket: WebSocket;
  request: http.IncomingMessage;
  identity: Identity | null;
  keyHash: string | undefined;
}

export interface SubscriptionServerOptions {
  auth: boolean;
  keys: ApiKeys;
  /** The client schema (the supergraph's API schema), once the gateway has loaded it. */
  schema: () => GraphQLSchema | undefined;
  fields: Record<string, SubscriptionOpener>;
  validationRules: ValidationRule[];
  maxCost: number;
  maxPayloadBytes: number;
  maxSubscriptionsPerConnection: number;
  /** Ping interval; a client that does not answer a ping within it is dropped. */
  keepAliveMs: number;
  /** Queries and mutations sent over a socket: run by Apollo, like the HTTP ones (same checks). */
  execute: (
    request: { query: DocumentNode; variables?: Record<string, unknown>; operationName?: string },
    context: GatewayContext,
  ) => Promise<FormattedExecutionResult>;
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  telemetry: GatewayTelemetry;
  logger: Logger;
}

/**
 * graphql-ws on the gateway's HTTP server, at `/graphql` like queries: authenticated at `connection_init` (the API
 * key in `connectionParams.authorization` or `apiKey`, or the upgrade's Authorization header), operations parsed and
 * validated against the client schema with the same limits and role table as HTTP, subscriptions fed from NATS. A
 * subscriber that does not read holds at most its bounded queue: the next event is only taken once the socket has
 * flushed the previous one.
 */
export class SubscriptionServer {
  private readonly wss: WebSocketServer;
  private readonly server: Server<Connection>;
  private readonly byKey = new Map<string, Set<WebSocket>>();
  /** Results of an event per subscription shape, for as long as the event is queued somewhere. */
  private readonly results = new WeakMap<object, Map<string, ExecutionResult | Promise<ExecutionResult>>>();

  constructor(private readonly options: SubscriptionServerOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayloadBytes,
      handleProtocols: (protocols) => handleProtocols(protocols),
    });
    this.server = makeServer<Record<string, unknown> | undefined, Connection>({
      connectionInitWaitTimeout: 3000,
      onConnect: (ctx) => this.connect(ctx),
      onSubscribe: (ctx, _id, payload) => this.prepare(ctx, payload),
      subscribe: (args) => this.subscribe(args),
      execute: (args) => this.execute(args),
      onNext: (_ctx, _id, _payload, _args, result) => this.formatResult(result),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => options.format(e.toJSON(), e)),
    });
    this.wss.on('connection', (socket: WebSocket, request: http.IncomingMessage) => this.opened(socket, request));
  }

  /** Takes over WebSocket upgrades to `/graphql` on the server. */
  attach(server: http.Server): void {
    server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (pathname !== '/graphql') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
    });
  }

  /** Closes the connections opened with a key that was just revoked. */
  closeKey(hash: string): void {
    for (const socket of this.byKey.get(hash) ?? []) {
      socket.close(CLOSE_REVOKED, 'Forbidden: the API key was revoked');
    }
    this.byKey.delete(hash);
  }

  /** Closes every connection ("going away"), then the server. */
  async close(): Promise<void> {
    for (const socket of this.wss.clients) {
      socket.close(1001, 'Going away');
    }
    const deadline = setTimeout(() => {
      for (const socket of this.wss.clients) {
        socket.terminate();
      }
    }, 1000);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    clearTimeout(deadline);
  }

  private opened(socket: WebSocket, request: http.IncomingMessage): void {
    const { telemetry, logger, keepAliveMs } = this.options;
    const connection: Connection = { socket, request, identity: null, keyHash: undefined };
    telemetry.connections.inc();
    socket.once('error', (error) => {
      logger.warn({ err: error }, 'WebSocket failed');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    // A client that answers no ping within the interval is gone (or not reading): drop it.
    let pongWait: NodeJS.Timeout | undefined;
    const pings = setInterval(() => {
      if (socket.readyState === socket.OPEN && pongWait === undefined) {
        pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
        socket.ping();
      }
    }, keepAliveMs);
    socket.on('pong', () => {
      clearTimeout(pongWait);
      pongWait = undefined;
    });
    // Settles once the connection's subscriptions are closed: a send on a socket that is going away waits for it,
    // rather than let each subscription serialise the rest of its queue for nobody.
    let gone: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      gone = resolve;
    });
    const closed = this.server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) {
              void ended.then(resolve);
              return;
            }
            // Resolves once flushed to the kernel (a subscriber that does not read stops taking events), and
            // never before the event loop has turned: a write the kernel takes at once completes in the same tick,
            // and a subscriber with a full queue would otherwise be served to the end before NATS is read again.
            socket.send(data, (error) =>
              setImmediate(() => (error === undefined || error === null ? resolve() : reject(error))),
            );
          }),
        close: (code, reason) => {
          if (socket.readyState === socket.OPEN) {
            socket.close(code, reason);
          }
        },
        onMessage: (handle) =>
          socket.on('message', (data: Buffer) => {
            handle(data.toString('utf8')).catch((error: unknown) => {
              logger.error({ err: error }, 'graphql-ws message failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      connection,
    );
    socket.once('close', (code: number, reason: Buffer) => {
      clearInterval(pings);
      clearTimeout(pongWait);
      telemetry.connections.dec();
      if (connection.keyHash !== undefined) {
        this.byKey.get(connection.keyHash)?.delete(socket);
      }
      void closed(code, reason.toString('utf8')).finally(gone);
    });
  }

  private async connect(ctx: Context<Record<string, unknown> | undefined, Connection>): Promise<boolean> {
    const connection = ctx.extra;
    if (!this.options.auth) {
      return true;
    }
    const key = keyOf(ctx.connectionParams, connection.request);
    const identity = key === undefined ? null : await this.options.keys.authenticate(key);
    if (key === undefined || identity === null) {
      this.options.telemetry.refused.inc({ code: ErrorCode.UNAUTHENTICATED });
      const why = key === undefined ? 'send the API key as connectionParams.authorization' : 'the API key is not valid';
      connection.socket.close(CLOSE_UNAUTHORIZED, `Unauthorized: ${why}`);
      return false;
    }
    connection.identity = identity;
    connection.keyHash = hashApiKey(key);
    const sockets = this.byKey.get(connection.keyHash) ?? new Set<WebSocket>();
    sockets.add(connection.socket);
    this.byKey.set(connection.keyHash, sockets);
    return true;
  }

  private prepare(
    ctx: Context<Record<string, unknown> | undefined, Connection>,
    payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
  ): ExecutionArgs | GraphQLError[] {
    const { options } = this;
    if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
      return [
        new GraphQLError(`at most ${options.maxSubscriptionsPerConnection} operations at once per connection`, {
          extensions: { code: ErrorCode.BAD_USER_INPUT },
        }),
      ];
    }
    const schema = options.schema();
    if (schema === undefined) {
      return [new GraphQLError('the gateway is starting; try again', { extensions: { code: ErrorCode.UNAVAILABLE } })];
    }
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch (error) {
      return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const invalid = validate(schema, document, [...specifiedRules, ...options.validationRules]);
    if (invalid.length > 0) {
      return invalid.map(
        (e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: LIMIT_CODE } }),
      );
    }
    const operation = getOperationAST(document, payload.operationName);
    if (operation === null || operation === undefined) {
      return [new GraphQLError('no operation to run', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })];
    }
    const variables = payload.variables ?? {};
    try {
      authorize(options.auth, ctx.extra.identity, document, operation);
    } catch (error) {
      options.telemetry.refused.inc({ code: ErrorCode.FORBIDDEN });
      return [error as GraphQLError];
    }
    const cost = operationCost(schema, document, payload.operationName, variables);
    if (cost > options.maxCost) {
      return [costError(cost, options.maxCost)];
    }
    const context: GatewayContext = { identity: ctx.extra.identity };
    return {
      schema,
      document,
      variableValues: variables,
      operationName: payload.operationName ?? undefined,
      contextValue: context,
    };
  }

  private async subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const { fields } = this.options;
    const subscriptionType = args.schema.getSubscriptionType();
    // The root field yields the event itself; the fields inside read its properties.
    const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, fieldArgs, context, info) =>
      info.parentType === subscriptionType ? source : defaultFieldResolver(source, fieldArgs, context, info);
    const subscribeFieldResolver: GraphQLFieldResolver<unknown, unknown> = (_source, fieldArgs, _context, info) => {
      const open = fields[info.fieldName];
      if (open === undefined) {
        throw new Error(`no subscription source for ${info.fieldName}`);
      }
      return open(fieldArgs);
    };
    const events = await createSourceEventStream({ ...args, fieldResolver, subscribeFieldResolver });
    if (!isAsyncIterable(events)) {
      return events;
    }
    // Subscribers asking the same thing get one execution per event: each event is one object shared by all.
    const shape = `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${print(args.document)}`;
    return mapEvents(events[Symbol.asyncIterator](), (event) => {
      let results = this.results.get(event as object);
      if (results === undefined) {
        results = new Map();
        this.results.set(event as object, results);
      }
      let result = results.get(shape);
      if (result === undefined) {
        result = execute({ ...args, rootValue: event, fieldResolver });
        results.set(shape, result);
      }
      return result;
    });
  }

  private async execute(args: ExecutionArgs): Promise<ExecutionResult> {
    const result = await this.options.execute(
      {
        query: args.document,
        variables: (args.variableValues ?? undefined) as Record<string, unknown> | undefined,
        operationName: args.operationName ?? undefined,
      },
      args.contextValue as GatewayContext,
    );
    // Already formatted by Apollo: carried through to onNext as they are.
    return result as ExecutionResult;
  }

  private formatResult(result: ExecutionResult | FormattedExecutionResult): FormattedExecutionResult {
    if (result.errors === undefined) {
      return result as FormattedExecutionResult;
    }
    const errors = result.errors.map((error) =>
      error instanceof GraphQLError ? this.options.format(error.toJSON(), error) : (error as GraphQLFormattedError),
    );
    return { ...(result as FormattedExecutionResult), errors };
  }
}

/** The API key a client sent: `connectionParams.authorization` ("Bearer <key>" or the key), `apiKey`, or the header. */
function keyOf(params: Record<string, unknown> | undefined, request: http.IncomingMessage): string | undefined {
  for (const name of ['authorization', 'Authorization']) {
    const value = params?.[name];
    if (typeof value === 'string' && value.trim() !== '') {
      return bearerKeyOf(value) ?? value.trim();
    }
  }
  if (typeof params?.apiKey === 'string' && params.apiKey.trim() !== '') {
    return params.apiKey.trim();
  }
  return bearerKeyOf(request.headers.authorization);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** The events of a subscription mapped to results; closing it closes the events (the subscriber's queue). */
function mapEvents(
  events: AsyncIterator<unknown>,
  map: (event: unknown) => ExecutionResult | Promise<ExecutionResult>,
): AsyncIterableIterator<ExecutionResult> {
  const close = async (): Promise<IteratorResult<ExecutionResult>> => {
    await events.return?.();
    return { value: undefined, done: true };
  };
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    next: async () => {
      const next = await events.next();
      return next.done === true ? { value: undefined, done: true } : { value: await map(next.value), done: false };
    },
    return: close,
    throw: async (error: unknown) => {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}
