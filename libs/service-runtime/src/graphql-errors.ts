import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, FerryError } from '@ferry/contracts';
import type { GraphQLFormattedError } from 'graphql';

import type { Logger } from './logger';

/** Codes that GraphQL itself and Apollo give to bad requests; they reach the client as they are. */
const CLIENT_FACING_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Maps errors to what clients see: a FerryError keeps its message and becomes `extensions.code`;
 * GraphQL's own request errors pass; anything else is INTERNAL, logged with its cause, never leaked.
 */
export function formatGraphQLError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof FerryError) {
      if (original.code === ErrorCode.INTERNAL) {
        logger.error({ err: original.cause ?? original, path: formatted.path }, 'internal error');
      }
      return {
        message: original.code === ErrorCode.INTERNAL ? 'Internal error' : original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code, ...(original.details ?? {}) },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_FACING_CODES.has(code)) {
      return { ...formatted, extensions: { ...formatted.extensions, stacktrace: undefined } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in a resolver');
    return {
      message: 'Internal error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL },
    };
  };
}
