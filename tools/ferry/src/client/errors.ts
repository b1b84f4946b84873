/** Exit codes of the `ferry` command: scripts can branch on what went wrong without reading the message. */
export const ExitCode = {
  OK: 0,
  /** The operation ran and did not succeed (a training run failed, a batch job failed, a verification failed). */
  FAILED: 1,
  /** The command line or its input is wrong (BAD_USER_INPUT, INVALID_ARTIFACT and usage errors). */
  USAGE: 2,
  /** What was named does not exist (NOT_FOUND). */
  NOT_FOUND: 3,
  /** No key, a bad key, or a role that may not do this (UNAUTHENTICATED, FORBIDDEN). */
  AUTH: 4,
  /** It exists already or is in a state that forbids this (CONFLICT). */
  CONFLICT: 5,
  /** The platform did not answer (connection refused, UNAVAILABLE, timeouts). */
  UNAVAILABLE: 6,
  /** Anything else: a server-side INTERNAL error or a bug in the CLI. */
  INTERNAL: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const EXIT_OF_CODE: Record<string, ExitCode> = {
  BAD_USER_INPUT: ExitCode.USAGE,
  GRAPHQL_VALIDATION_FAILED: ExitCode.USAGE,
  GRAPHQL_PARSE_FAILED: ExitCode.USAGE,
  INVALID_ARTIFACT: ExitCode.USAGE,
  PAYLOAD_TOO_LARGE: ExitCode.USAGE,
  NOT_FOUND: ExitCode.NOT_FOUND,
  UNAUTHENTICATED: ExitCode.AUTH,
  FORBIDDEN: ExitCode.AUTH,
  CONFLICT: ExitCode.CONFLICT,
  UNAVAILABLE: ExitCode.UNAVAILABLE,
  USAGE: ExitCode.USAGE,
  FAILED: ExitCode.FAILED,
};

/**
 * An error the platform answered (its `extensions.code`) or the CLI found itself (`USAGE`, `FAILED`): one line of
 * text and an exit code.
 */
export class FerryApiError extends Error {
  readonly exitCode: ExitCode;

  constructor(
    readonly code: string,
    message: string,
    exitCode?: ExitCode,
  ) {
    super(message);
    this.name = 'FerryApiError';
    this.exitCode = exitCode ?? EXIT_OF_CODE[code] ?? ExitCode.INTERNAL;
  }
}

/** A mistake on the command line: exit 2. */
export function usage(message: string): FerryApiError {
  return new FerryApiError('USAGE', message, ExitCode.USAGE);
}

/** The operation ran and did not end well: exit 1. */
export function failed(message: string): FerryApiError {
  return new FerryApiError('FAILED', message, ExitCode.FAILED);
}
