import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { graphql, type GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';

type Response = Awaited<ReturnType<GraphQLDataSource['process']>>;

/**
 * The gateway's own subgraph, executed in this process with the request's context (its verified identity).
 * Errors leave it formatted as a remote subgraph's would (`extensions.code` from the FerryError), so the gateway
 * treats both alike.
 */
export class LocalSubgraphSource implements GraphQLDataSource {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions): Promise<Response> {
    const { request } = options;
    const result = await graphql({
      schema: this.schema,
      source: request.query ?? '',
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: 'context' in options ? options.context : {},
    });
    const errors = result.errors?.map((error: GraphQLError) => this.format(error.toJSON(), error));
    return errors === undefined ? { data: result.data } : { data: result.data, errors };
  }
}
