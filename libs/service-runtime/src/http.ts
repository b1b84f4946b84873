import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { ErrorCode, FerryError, httpStatusOf, toFerryError } from '@ferry/contracts';

import type { Access } from './auth/request-auth';
import type { Logger } from './logger';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void> | void;

/** A route: an exact path, or a prefix when the path ends with "/*". */
export interface Route {
  method: string | '*';
  path: string;
  handler: RouteHandler;
  /**
   * Who may call it when FERRY_AUTH is on (see RequestAuth): `public`, or the least role of the gateway's signed
   * identity or of the API key sent as `Authorization: Bearer`. Unset means `admin`: a route nobody thought about
   * is closed.
   */
  access?: Access;
  /** Writes a refusal (401/403) in the route's own error format; default `{error: {code, message}}`. */
  refuse?: (res: http.ServerResponse, error: FerryError) => void;
}

/** Writes a JSON body with the right headers. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Answers a domain error the way every REST route does: its HTTP status and `{error: {code, message}}`. */
export function sendError(res: http.ServerResponse, error: FerryError): void {
  sendJson(res, httpStatusOf[error.code], { error: { code: error.code, message: error.message } });
}

/** Reads a request body up to a limit; rejects with BodyTooLargeError (413) past it. */
export async function readBody(req: http.IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limitBytes) {
    throw new BodyTooLargeError(limitBytes);
  }
  // Events rather than `for await`: the async iterator costs more than the parsing of a small body.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        done();
        // Like the async iterator did on a throw: the rest of the body is not read.
        req.destroy();
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      done();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    };
    const onError = (error: Error): void => {
      done();
      reject(error);
    };
    const done = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** A request body over its limit: PAYLOAD_TOO_LARGE, answered 413. */
export class BodyTooLargeError extends FerryError {
  constructor(readonly limitBytes: number) {
    super(ErrorCode.PAYLOAD_TOO_LARGE, `request body exceeds ${limitBytes} bytes`);
  }
}

/**
 * An HTTP server over a route table that counts requests in flight, so shutdown can stop accepting,
 * let them finish, and then close.
 */
export class HttpServer {
  private readonly server: http.Server;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly routes: Route[],
    private readonly logger: Logger,
  ) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
  }

  /** The underlying server, for upgrades (WebSockets). */
  get raw(): http.Server {
    return this.server;
  }

  async listen(host: string, port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Stops accepting, waits for requests in flight (up to the deadline), then drops what is left. */
  async close(deadlineMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const drained = this.inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => this.idleWaiters.push(r));
    const timer = new Promise<void>((r) => setTimeout(r, deadlineMs).unref());
    await Promise.race([drained, timer]);
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.inFlight += 1;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = this.match(req.method ?? 'GET', url.pathname);
      if (route === undefined) {
        sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no route for ${req.method} ${url.pathname}` } });
        return;
      }
      await route.handler(req, res, url);
    } catch (error) {
      this.answerFailure(res, error);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) {
        this.idleWaiters.splice(0).forEach((resolve) => resolve());
      }
    }
  }

  private answerFailure(res: http.ServerResponse, error: unknown): void {
    const ferryError = toFerryError(error);
    if (ferryError.code === 'INTERNAL') {
      this.logger.error({ err: error }, 'request failed');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (ferryError.code === 'PAYLOAD_TOO_LARGE') {
      // The rest of the body was never read: this connection cannot carry another request.
      res.setHeader('connection', 'close');
    }
    sendError(res, ferryError);
  }

  private match(method: string, pathname: string): Route | undefined {
    return this.routes.find((route) => {
      if (route.method !== '*' && route.method !== method) {
        return false;
      }
      return route.path.endsWith('/*') ? pathname.startsWith(route.path.slice(0, -1)) : route.path === pathname;
    });
  }
}
