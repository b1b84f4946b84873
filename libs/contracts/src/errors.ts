/** The closed set of error codes every transport maps to its own form (GraphQL extensions.code, HTTP status, NATS header). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_ARTIFACT: 'INVALID_ARTIFACT',
  UNAVAILABLE: 'UNAVAILABLE',
  /** An upload over the configured size limit (HTTP 413). */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status for each error code, the one table every REST route uses. */
export const httpStatusOf: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_ARTIFACT: 422,
  UNAVAILABLE: 503,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
};

/** The one error type of the domain: a code from the closed union, a message fit for clients, the cause kept for logs. */
export class FerryError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'FerryError';
    this.code = code;
    this.details = options.details;
  }
}

/** Wraps anything thrown into a FerryError: known ones pass through, unknown ones become INTERNAL with the cause kept. */
export function toFerryError(error: unknown): FerryError {
  if (error instanceof FerryError) {
    return error;
  }
  return new FerryError(ErrorCode.INTERNAL, 'Internal error', { cause: error });
}

/** Shorthands for the errors domains throw most. */
export const badInput = (message: string, details?: Record<string, unknown>): FerryError =>
  new FerryError(ErrorCode.BAD_USER_INPUT, message, { details });
export const notFound = (message: string): FerryError => new FerryError(ErrorCode.NOT_FOUND, message);
export const conflict = (message: string): FerryError => new FerryError(ErrorCode.CONFLICT, message);
