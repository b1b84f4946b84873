import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';

import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { FerryApiError } from './errors';

export interface FerryClientOptions {
  /** The gateway: `http://host:4000` (a trailing `/graphql` is accepted). */
  url: string;
  /** The API key sent as `Authorization: Bearer`; none with FERRY_AUTH=off. */
  apiKey?: string | undefined;
  /** Milliseconds a query or mutation may take before it counts as UNAVAILABLE (default 120 s). */
  timeoutMs?: number;
}

interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

/** An artifact as the registry stored it. */
export interface ArtifactRef {
  sha256: string;
  size: number;
}

/** A live GraphQL subscription: iterate its events; `close()` ends it (and the iteration). */
export interface Subscription<T> extends AsyncIterable<T> {
  /** Resolves once the gateway accepted the connection (events published after this reach the subscriber). */
  connected: Promise<void>;
  close(): void;
}

/**
 * Talks to a Ferry gateway the way any client does: GraphQL over HTTP, subscriptions over graphql-ws on the same
 * path, and artifacts streamed through `PUT /artifacts`. Every failure becomes a FerryApiError carrying the
 * platform's `extensions.code`, so callers (the CLI, the demo) map it to one line and an exit code.
 */
export class FerryClient {
  readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  private ws: Client | undefined;
  /** Whether the WebSocket is open and acknowledged: a subscription made then is connected at once. */
  private wsConnected = false;

  constructor(options: FerryClientOptions) {
    this.baseUrl = normaliseBaseUrl(options.url);
    this.apiKey = options.apiKey === '' ? undefined : options.apiKey;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  /** Runs a query or mutation; answers `data`, or throws the first error with its code. */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { data, errors } = await this.requestPartial<T>(query, variables);
    const first = errors[0];
    if (first !== undefined) {
      throw first;
    }
    if (data === null) {
      throw new FerryApiError('INTERNAL', 'the gateway answered with no data');
    }
    return data;
  }

  /**
   * Runs a query and answers what came back, data and errors both: a field whose service is down is an
   * UNAVAILABLE error beside the others' data (`ferry status`). Throws only when there is no GraphQL answer.
   */
  async requestPartial<T>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ data: T | null; errors: FerryApiError[] }> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.authHeader() },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.unreachable(error);
    }
    const text = await response.text();
    let body: { data?: T | null; errors?: GraphQLErrorBody[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new FerryApiError(
        response.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL',
        `the gateway at ${this.baseUrl} answered HTTP ${response.status} without GraphQL: ${text.slice(0, 120)}`,
      );
    }
    return { data: body.data ?? null, errors: (body.errors ?? []).map(errorOf) };
  }

  /** Subscribes over graphql-ws; events arrive in order until `close()` or the server ends the stream. */
  subscribe<T>(query: string, variables: Record<string, unknown> = {}): Subscription<T> {
    const client = this.wsClient();
    const iterator = client.iterate<T>({ query, variables });
    let resolveConnected: () => void = () => undefined;
    let rejectConnected: (error: Error) => void = () => undefined;
    const connected = new Promise<void>((resolve, reject) => {
      resolveConnected = resolve;
      rejectConnected = reject;
    });
    connected.catch(() => undefined);
    const offConnected = client.on('connected', () => resolveConnected());
    const offClosed = client.on('closed', (event) => rejectConnected(closeError(event, this.baseUrl)));
    const offError = client.on('error', (error) => rejectConnected(this.unreachable(error)));
    if (this.wsConnected) {
      // Several subscriptions share one connection; its 'connected' event fired for the first one only.
      resolveConnected();
    }
    const stop = (): void => {
      offConnected();
      offClosed();
      offError();
    };
    return {
      connected,
      close: () => {
        stop();
        void iterator.return?.();
      },
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          try {
            const step = await iterator.next();
            if (step.done === true) {
              return { done: true, value: undefined };
            }
            const result = step.value;
            const first = result.errors?.[0] as GraphQLErrorBody | undefined;
            if (first !== undefined) {
              throw errorOf(first);
            }
            return { done: false, value: result.data as T };
          } catch (error) {
            stop();
            throw error instanceof FerryApiError ? error : subscriptionError(error, this.baseUrl);
          }
        },
        return: async () => {
          stop();
          await iterator.return?.();
          return { done: true, value: undefined };
        },
      }),
    };
  }

  /** Streams a file (or any stream of known size) to the registry through the gateway; answers its sha256. */
  async upload(
    source: string | { stream: Readable; size: number },
    onBytes?: (sent: number) => void,
  ): Promise<ArtifactRef> {
    const { stream, size } =
      typeof source === 'string' ? { stream: fs.createReadStream(source), size: fs.statSync(source).size } : source;
    const url = new URL(`${this.baseUrl}/artifacts`);
    return new Promise<ArtifactRef>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream', 'content-length': size, ...this.authHeader() },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(this.unreachable(error)));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              const body = JSON.parse(text) as Partial<ArtifactRef> & { error?: { code?: string; message?: string } };
              if (body.error !== undefined || typeof body.sha256 !== 'string') {
                reject(
                  new FerryApiError(
                    body.error?.code ?? 'INTERNAL',
                    `upload refused: ${body.error?.message ?? `HTTP ${response.statusCode}`}`,
                  ),
                );
                return;
              }
              resolve({ sha256: body.sha256, size: body.size ?? size });
            } catch {
              reject(
                new FerryApiError('INTERNAL', `upload answered HTTP ${response.statusCode}: ${text.slice(0, 120)}`),
              );
            }
          });
        },
      );
      request.on('error', (error) => reject(this.unreachable(error)));
      let sent = 0;
      stream.on('data', (chunk: Buffer | string) => {
        sent += chunk.length;
        onBytes?.(sent);
      });
      stream.on('error', (error: Error) => {
        request.destroy();
        reject(new FerryApiError('USAGE', `cannot read the file: ${error.message}`));
      });
      stream.pipe(request);
    });
  }

  /** Closes the WebSocket, if one was opened. */
  async close(): Promise<void> {
    const ws = this.ws;
    this.ws = undefined;
    this.wsConnected = false;
    await ws?.dispose();
  }

  private authHeader(): Record<string, string> {
    return this.apiKey === undefined ? {} : { authorization: `Bearer ${this.apiKey}` };
  }

  private wsClient(): Client {
    this.ws ??= createClient({
      url: `${this.baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: this.apiKey === undefined ? {} : { authorization: `Bearer ${this.apiKey}` },
      retryAttempts: 0,
      lazy: true,
    });
    this.ws.on('connected', () => {
      this.wsConnected = true;
    });
    this.ws.on('closed', () => {
      this.wsConnected = false;
    });
    return this.ws;
  }

  private unreachable(error: unknown): FerryApiError {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${this.timeoutMs / 1000} s`
        : (cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)));
    return new FerryApiError('UNAVAILABLE', `cannot reach the gateway at ${this.baseUrl} (${why})`);
  }
}

/** `http://host:4000`, from what a person may type: a trailing slash or `/graphql` is dropped. */
export function normaliseBaseUrl(url: string): string {
  let base = url.trim().replace(/\/+$/, '');
  base = base.replace(/\/graphql$/, '');
  if (!/^https?:\/\//.test(base)) {
    throw new FerryApiError('USAGE', `the gateway URL must start with http:// or https://, got "${url}"`);
  }
  return base;
}

function errorOf(error: GraphQLErrorBody): FerryApiError {
  const code = error.extensions?.code ?? 'INTERNAL';
  return new FerryApiError(code, error.message);
}

/** graphql-ws rejects with a CloseEvent, an Error, or a list of GraphQL errors. */
function subscriptionError(error: unknown, baseUrl: string): FerryApiError {
  if (Array.isArray(error) && error.length > 0) {
    return errorOf(error[0] as GraphQLErrorBody);
  }
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number') {
    return closeError(error as { code: number; reason?: string }, baseUrl);
  }
  if (error instanceof Error) {
    return new FerryApiError('UNAVAILABLE', `subscription to ${baseUrl} failed: ${error.message}`);
  }
  return new FerryApiError('INTERNAL', `subscription failed: ${String(error)}`);
}

function closeError(event: unknown, baseUrl: string): FerryApiError {
  const { code, reason } = event as { code?: number; reason?: string };
  if (code === 4401) {
    return new FerryApiError('UNAUTHENTICATED', reason || 'the gateway refused the API key');
  }
  if (code === 4403) {
    return new FerryApiError('FORBIDDEN', reason || 'this key may not subscribe to that');
  }
  return new FerryApiError(
    'UNAVAILABLE',
    `the subscription connection to ${baseUrl} closed${code === undefined ? '' : ` (${code}${reason ? `: ${reason}` : ''})`}`,
  );
}
