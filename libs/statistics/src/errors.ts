import { ErrorCode, FerryError } from '@ferry/contracts';

/** Where a dataset is malformed: 1-based physical line and, when known, the column name. */
export interface DatasetLocation {
  line?: number;
  column?: string;
}

/**
 * A dataset that cannot be read. It is a FerryError (INVALID_ARTIFACT) so every transport maps it to a client
 * error; the message says what is wrong and where.
 */
export class DatasetFormatError extends FerryError {
  readonly line: number | undefined;
  readonly column: string | undefined;

  constructor(problem: string, where: DatasetLocation = {}) {
    super(ErrorCode.INVALID_ARTIFACT, describe(problem, where), { details: { ...where } });
    this.name = 'DatasetFormatError';
    this.line = where.line;
    this.column = where.column;
  }
}

function describe(problem: string, where: DatasetLocation): string {
  const parts: string[] = [];
  if (where.line !== undefined) {
    parts.push(`line ${where.line}`);
  }
  if (where.column !== undefined) {
    parts.push(`column "${where.column}"`);
  }
  return parts.length === 0 ? problem : `${parts.join(', ')}: ${problem}`;
}
