import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { ErrorCode } from '@ferry/contracts';
import { GraphQLError } from 'graphql';

/**
 * Calls one subgraph. A subgraph that cannot be reached (refused, reset, timed out, or answering 502–504)
 * becomes an UNAVAILABLE error naming the service, for the fields that needed it; the rest of the
 * query is still answered.
 */
export class SubgraphSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly serviceName: string,
    url: string,
  ) {
    super({ url });
  }

  override didEncounterError(error: Error, _request: unknown, response?: { status: number }): void {
    const status = response?.status;
    if (status === undefined || status === 502 || status === 503 || status === 504) {
      throw new GraphQLError(`The ${this.serviceName} service is unavailable; try again shortly`, {
        extensions: { code: ErrorCode.UNAVAILABLE, serviceName: this.serviceName },
        originalError: error,
      });
    }
    throw error;
  }
}
