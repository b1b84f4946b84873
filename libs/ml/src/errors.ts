import { ErrorCode, FerryError } from '@ferry/contracts';

/**
 * A training request that cannot run: a bad hyperparameter, an unknown or unusable column, a missing target or
 * no rows. It is a FerryError (BAD_USER_INPUT) so every transport maps it to a client error; `parameter` names
 * what is wrong (`k`, `C`, `target`, `features`, `table`, …) and the message says why.
 */
export class TrainerParamError extends FerryError {
  readonly parameter: string;

  constructor(parameter: string, problem: string) {
    super(ErrorCode.BAD_USER_INPUT, `${parameter}: ${problem}`, { details: { parameter } });
    this.name = 'TrainerParamError';
    this.parameter = parameter;
  }
}
