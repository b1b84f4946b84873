import type { Category } from './categories';
import { DriftInputError } from './errors';
import { ColumnKind } from './methods';
import type { Side } from './samples';

// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and these run per value.
const isFiniteNumber = Number.isFinite;

/** A raw cell: null, undefined, NaN and ±Infinity are missing (Evidently drops them, infinities included). */
export type RawValue = number | string | boolean | null | undefined;

/** Both sides of a column without missing values, and how they compare. */
export interface CleanColumn {
  kind: ColumnKind;
  /** Finite numbers for a numeric column, categories otherwise. */
  reference: Float64Array | Category[];
  current: Float64Array | Category[];
}

/**
 * Drops missing values from both sides and settles the kind: numeric when every remaining value is a number (unless
 * `kind` says categorical), categorical otherwise. A side left empty, or a non-number in a column declared numeric,
 * is a DriftInputError.
 */
export function cleanColumn(
  reference: ArrayLike<RawValue>,
  current: ArrayLike<RawValue>,
  kind: ColumnKind | undefined,
  column: string | undefined,
): CleanColumn {
  const ref = present(reference, 'reference', column);
  const cur = present(current, 'current', column);
  const numeric = ref.numeric && cur.numeric;
  if (kind === ColumnKind.numeric && !numeric) {
    throw new DriftInputError('a numeric column holds non-numeric values', column);
  }
  if (kind === ColumnKind.categorical || !numeric) {
    return { kind: ColumnKind.categorical, reference: asCategories(ref.values), current: asCategories(cur.values) };
  }
  return { kind: ColumnKind.numeric, reference: asNumbers(ref.values), current: asNumbers(cur.values) };
}

/** Number of distinct values over both sides, counted up to `cap` (enough to choose a method). */
export function distinctUpTo(a: ArrayLike<Category>, b: ArrayLike<Category>, cap: number): number {
  const seen = new Set<Category>();
  for (const values of [a, b]) {
    for (let i = 0; i < values.length; i++) {
      seen.add(values[i]!);
      if (seen.size >= cap) {
        return cap;
      }
    }
  }
  return seen.size;
}

// Typed arrays hold numbers only, so they skip the per-value type checks.
function present(
  values: ArrayLike<RawValue>,
  side: Side,
  column: string | undefined,
): { values: Float64Array | Category[]; numeric: boolean } {
  let out: Float64Array | Category[];
  let numeric = true;
  if (ArrayBuffer.isView(values)) {
    const typed = values as ArrayLike<number>;
    const finite = new Float64Array(typed.length);
    let k = 0;
    for (let i = 0; i < typed.length; i++) {
      const x = typed[i]!;
      if (isFiniteNumber(x)) {
        finite[k++] = x;
      }
    }
    out = finite.subarray(0, k);
  } else {
    const kept: Category[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || (typeof v === 'number' && !isFiniteNumber(v))) {
        continue;
      }
      numeric = numeric && typeof v === 'number';
      kept.push(v);
    }
    out = kept;
  }
  if (out.length === 0) {
    throw new DriftInputError(`the ${side} side has no value (empty or all missing)`, column);
  }
  return { values: out, numeric };
}

function asNumbers(values: Float64Array | Category[]): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values as number[]);
}

function asCategories(values: Float64Array | Category[]): Category[] {
  return values instanceof Float64Array ? Array.from(values) : values;
}
