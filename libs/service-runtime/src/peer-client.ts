import { baseUrlOf, ErrorCode, FerryError, graphqlUrlOf, type FerryConfig, type SubgraphName } from '@ferry/contracts';

/**
 * Another Ferry service's API as a service calls it (no service reads another's tables): its GraphQL endpoint and
 * base URL; an unreachable peer or an unexpected error is UNAVAILABLE.
 */
export class PeerClient {
  constructor(
    private readonly peer: SubgraphName,
    private readonly config: FerryConfig,
  ) {}

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
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new FerryError(ErrorCode.UNAVAILABLE, `the ${this.peer} service is unreachable at ${url}`, {
        cause: error,
      });
    }
  }
}
