import {
  baseUrlOf,
  ErrorCode,
  FerryError,
  graphqlUrlOf,
  type FerryConfig,
  type Identity,
  type SubgraphName,
} from '@ferry/contracts';

import { signIdentity } from './auth/identity';

/** Who a service is when it calls another: the platform itself, allowed everything. */
export const SYSTEM_IDENTITY: Identity = { id: 'system', role: 'admin' };

/**
 * Another Ferry service's API as a service calls it (no service reads another's tables): its GraphQL endpoint and
 * base URL; an unreachable peer or an unexpected error is UNAVAILABLE. Every request carries the system identity,
 * signed with the internal secret when the configuration has one (always with FERRY_AUTH=on).
 */
export class PeerClient {
  constructor(
    private readonly peer: SubgraphName,
    private readonly config: Pick<FerryConfig, 'host' | 'ports' | 'subgraphUrls' | 'internalSecret'>,
  ) {}

  /** The signed system identity for a request made without `call` (e.g. a streamed upload); none without a secret. */
  identityHeaders(): Record<string, string> {
    const secret = this.config.internalSecret;
    return secret === undefined ? {} : signIdentity(secret, SYSTEM_IDENTITY);
  }

  /** `<peer base URL><path>`, e.g. `/artifacts/<sha256>`. */
  url(path: string): string {
    return `${baseUrlOf(this.peer, this.config)}${path}`;
  }

  /**
   * Runs a query; NOT_FOUND errors leave their field null (the caller decides), any other error or an
   * unreachable peer is UNAVAILABLE — unless `passThrough` lists codes to raise as they are (e.g. BAD_USER_INPUT).
   */
  async graphql<T>(
    query: string,
    variables: Record<string, unknown>,
    options: { passThrough?: ErrorCode[]; timeoutMs?: number } = {},
  ): Promise<T> {
    const passThrough = options.passThrough ?? [];
    const response = await this.call(
      graphqlUrlOf(this.peer, this.config),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      },
      options.timeoutMs,
    );
    let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    try {
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new FerryError(ErrorCode.UNAVAILABLE, `the ${this.peer} service answered ${response.status} without JSON`, {
        cause: error,
      });
    }
    const error = body.errors?.find((e) => e.extensions?.code !== 'NOT_FOUND');
    const code = error?.extensions?.code as ErrorCode | undefined;
    if (error !== undefined && code !== undefined && passThrough.includes(code)) {
      throw new FerryError(code, error.message);
    }
    if (error !== undefined || body.data === undefined || body.data === null) {
      throw new FerryError(
        ErrorCode.UNAVAILABLE,
        `the ${this.peer} service could not answer: ${error?.message ?? response.status}`,
      );
    }
    return body.data;
  }

  /** A fetch that maps an unreachable peer to UNAVAILABLE; `timeoutMs` bounds the whole exchange. */
  async call(url: string, init: RequestInit, timeoutMs = 30_000): Promise<Response> {
    const headers =
      this.config.internalSecret === undefined
        ? init.headers
        : { ...headersOf(init.headers), ...this.identityHeaders() };
    try {
      return await fetch(url, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new FerryError(ErrorCode.UNAVAILABLE, `the ${this.peer} service is unreachable at ${url}`, {
        cause: error,
      });
    }
  }
}

function headersOf(init: RequestInit['headers']): Record<string, string> {
  return Object.fromEntries(new Headers(init).entries());
}
