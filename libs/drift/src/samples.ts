import { DriftInputError } from './errors';

// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and these run per value.
const isFiniteNumber = Number.isFinite;

/** Which side of the comparison a sample is, for error messages. */
export type Side = 'reference' | 'current';

/**
 * The finite values of a numeric sample, in their order. NaN and ±Infinity are missing values and dropped, as
 * Evidently does (replace([-inf, inf], nan).dropna()); nothing left is a DriftInputError.
 */
export function finiteValues(values: ArrayLike<number>, side: Side, column?: string): Float64Array {
  const out = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (isFiniteNumber(x)) {
      out[k++] = x;
    }
  }
  if (k === 0) {
    throw new DriftInputError(`the ${side} sample has no finite value`, column);
  }
  return k === out.length ? out : out.slice(0, k);
}

/** The finite values of a numeric sample, sorted ascending (see finiteValues). */
export function finiteSorted(values: ArrayLike<number>, side: Side, column?: string): Float64Array {
  return finiteValues(values, side, column).sort();
}

/** Population variance (ddof = 0) by two passes, the std Evidently norms Wasserstein by (np.std of a Series). */
export function populationStd(values: ArrayLike<number>): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i]!;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    squares += d * d;
  }
  return Math.sqrt(squares / n);
}
