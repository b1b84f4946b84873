import * as http from 'node:http';
import * as https from 'node:https';

import type { RemoteGraphQLDataSource } from '@apollo/gateway';

/** The fetch function RemoteGraphQLDataSource calls (typed from the gateway, which owns the contract). */
export type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherHeaders = FetcherResponse['headers'];

/**
 * Idle connections are dropped after this long, before the subgraphs' own keep-alive timeout (65 s in
 * service-runtime), so the gateway does not send a request on a connection the subgraph is closing. A
 * subgraph announcing a shorter `Keep-Alive: timeout` is honoured by the agent.
 */
const IDLE_TIMEOUT_MS = 60_000;

/**
 * A fetcher over `node:http` with keep-alive connections to each subgraph. The gateway's default
 * (make-fetch-happen) costs about as much CPU per call as the subgraph spends answering it: agent-base
 * builds a stack trace on every request, plus retry and cache layers the gateway never uses. Connections per
 * subgraph are unbounded, like Apollo's own default, so concurrency is limited by clients, not by a pool
 * that queues.
 */
export function createHttpFetcher(): Fetcher & { destroy(): void } {
  const options: http.AgentOptions = { keepAlive: true, maxSockets: Infinity, timeout: IDLE_TIMEOUT_MS };
  const httpAgent = new http.Agent(options);
  const httpsAgent = new https.Agent(options);
  // The gateway calls the same few URLs all day: parse each once.
  const targets = new Map<string, Target>();
  const fetcher = (url: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> =>
    new Promise((resolve, reject) => {
      let target = targets.get(url);
      if (target === undefined) {
        target = targetOf(url);
        targets.set(url, target);
      }
      const headers: http.OutgoingHttpHeaders = { ...init.headers };
      // Apollo hands over a string: sent as it is, without a copy into a Buffer per request.
      const body = typeof init.body === 'string' ? init.body : init.body?.toString('utf8');
      if (body !== undefined) {
        headers['content-length'] = Buffer.byteLength(body);
      }
      const request = (target.secure ? https : http).request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          path: target.path,
          auth: target.auth,
          method: init.method ?? 'GET',
          headers,
          agent: target.secure ? httpsAgent : httpAgent,
          signal: init.signal,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            resolve(
              new BufferedResponse(
                url,
                response.statusCode ?? 0,
                response.statusMessage ?? '',
                new ResponseHeaders(response.rawHeaders),
                chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
              ),
            );
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  return Object.assign(fetcher, {
    destroy: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}

interface Target {
  secure: boolean;
  protocol: string;
  hostname: string;
  port: number | undefined;
  path: string;
  auth: string | undefined;
}

function targetOf(url: string): Target {
  const parsed = new URL(url);
  return {
    secure: parsed.protocol === 'https:',
    protocol: parsed.protocol,
    hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? undefined : Number(parsed.port),
    path: `${parsed.pathname}${parsed.search}`,
    auth: parsed.username === '' ? undefined : decodeURIComponent(`${parsed.username}:${parsed.password}`),
  };
}

/** A response read to its end: the gateway parses every subgraph answer whole anyway. */
class BufferedResponse implements FetcherResponse {
  readonly redirected = false;
  readonly ok: boolean;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: FetcherHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return new Uint8Array(this.body).buffer;
  }

  clone(): FetcherResponse {
    return new BufferedResponse(this.url, this.status, this.statusText, this.headers, this.body);
  }
}

/**
 * Response headers by lower-case name, repeated values joined as fetch does, read from Node's raw header
 * list: the gateway reads one or two headers of each answer, and Node's `headers` object costs more to
 * build than that.
 */
class ResponseHeaders implements FetcherHeaders {
  private map: Map<string, string> | undefined;

  constructor(private readonly raw: string[]) {}

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const existing = this.entriesByName().get(key);
    this.entriesByName().set(key, existing === undefined ? value : `${existing}, ${value}`);
  }

  delete(name: string): void {
    this.entriesByName().delete(name.toLowerCase());
  }

  get(name: string): string | null {
    if (this.map !== undefined) {
      return this.map.get(name.toLowerCase()) ?? null;
    }
    // Reads (the gateway's only use) scan the few raw headers rather than build a map.
    const key = name.toLowerCase();
    let found: string | null = null;
    for (let i = 0; i + 1 < this.raw.length; i += 2) {
      if ((this.raw[i] as string).toLowerCase() === key) {
        found = found === null ? (this.raw[i + 1] as string) : `${found}, ${this.raw[i + 1] as string}`;
      }
    }
    return found;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  set(name: string, value: string): void {
    this.entriesByName().set(name.toLowerCase(), value);
  }

  entries(): IterableIterator<[string, string]> {
    return this.entriesByName().entries();
  }

  keys(): IterableIterator<string> {
    return this.entriesByName().keys();
  }

  values(): IterableIterator<string> {
    return this.entriesByName().values();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entriesByName().entries();
  }

  private entriesByName(): Map<string, string> {
    if (this.map === undefined) {
      this.map = new Map();
      for (let i = 0; i + 1 < this.raw.length; i += 2) {
        const key = (this.raw[i] as string).toLowerCase();
        const value = this.raw[i + 1] as string;
        const existing = this.map.get(key);
        this.map.set(key, existing === undefined ? value : `${existing}, ${value}`);
      }
    }
    return this.map;
  }
}
