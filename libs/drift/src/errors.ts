import { ErrorCode, FerryError } from '@ferry/contracts';

/**
 * Input that no drift statistic can be computed from: an empty side after dropping missing values, a method that
 * does not apply to the column's kind, mismatched count vectors. A FerryError (BAD_USER_INPUT), so every transport
 * maps it to a client error; `column` says which column when known.
 */
export class DriftInputError extends FerryError {
  readonly column: string | undefined;

  constructor(problem: string, column?: string) {
    super(ErrorCode.BAD_USER_INPUT, column === undefined ? problem : `column "${column}": ${problem}`, {
      details: column === undefined ? {} : { column },
    });
    this.name = 'DriftInputError';
    this.column = column;
  }
}
