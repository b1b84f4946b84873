import { TrainerParamError } from '../errors';

/** A class or cluster label as metrics take it. */
export type Label = string | number;

/** Throws unless both arrays have the same, non-zero length; returns it. */
export function sameLength(a: { length: number }, b: { length: number }, what: [string, string]): number {
  if (a.length !== b.length) {
    throw new TrainerParamError(what[1], `has ${b.length} values, ${what[0]} has ${a.length}`);
  }
  if (a.length === 0) {
    throw new TrainerParamError(what[0], 'is empty');
  }
  return a.length;
}
