/** A categorical value. Values are compared as JavaScript Map keys: 1 and "1" are different categories. */
export type Category = string | number | boolean;

/** Counts of each category, in order of first appearance. */
export function countCategories(values: ArrayLike<Category>): Map<Category, number> {
  const counts = new Map<Category, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/** The union of two count tables' keys, the reference's first, as Evidently's keys over both samples. */
export function unionKeys(a: ReadonlyMap<Category, number>, b: ReadonlyMap<Category, number>): Category[] {
  const keys = [...a.keys()];
  for (const key of b.keys()) {
    if (!a.has(key)) {
      keys.push(key);
    }
  }
  return keys;
}

/** Python's sorted() order within a type (numbers numerically, strings by code point); across types by type name. */
export function compareCategories(a: Category, b: Category): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) {
    return ta < tb ? -1 : 1;
  }
  if (ta === 'string') {
    return compareCodePoints(a as string, b as string);
  }
  return Number(a) - Number(b);
}

// JavaScript's < compares UTF-16 code units, which differs from code points above U+FFFF.
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done === true || y.done === true) {
      return (x.done === true ? 0 : 1) - (y.done === true ? 0 : 1);
    }
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) {
      return d;
    }
  }
}
