import { InputError } from './serving-types';
import { describe, MAX_RANK } from './tensor-data';
import type { Dim } from './types';

/** A JSON value read as row-major data: its nested shape and its leaves in order. */
export interface Flattened {
  shape: number[];
  flat: ArrayLike<unknown>;
}

/**
 * Formats a declared shape for messages: [batch,4] for a named dim, an unnamed first dim shown as N (it is the batch
 * in nearly every model), other unnamed dims as ?, 'any shape' when the rank is unknown.
 */
export function formatDims(dims: readonly Dim[] | null): string {
  if (dims === null) {
    return 'any shape';
  }
  return `[${dims.map((dim, i) => (typeof dim === 'number' ? String(dim) : dim ? dim : i === 0 ? 'N' : '?')).join(',')}]`;
}

/** Product of dims, refusing (InputError) a product above `limit` before it can overflow. */
export function elementCount(name: string, dims: readonly number[], limit: number): number {
  let total = 1;
  for (const dim of dims) {
    total *= dim;
    if (total > limit) {
      throw new InputError(
        name,
        `input "${name}": shape [${dims.join(',')}] exceeds the request's element limit (${limit} left)`,
      );
    }
  }
  return total;
}

/**
 * Reads nested arrays as a rectangular row-major tensor: the shape follows the first element at each level and every
 * other array must agree. A typed array is flat data; a scalar is a rank-0 tensor.
 */
export function flattenNested(name: string, value: unknown, maxElements: number): Flattened {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const flat = value as unknown as ArrayLike<unknown>;
    elementCount(name, [flat.length], maxElements);
    return { shape: [flat.length], flat };
  }
  if (!Array.isArray(value)) {
    if (value !== null && typeof value === 'object') {
      throw new InputError(name, `input "${name}": expected an array of values, got an object`);
    }
    return { shape: [], flat: [value] };
  }
  const shape: number[] = [];
  let cursor: unknown = value;
  while (Array.isArray(cursor)) {
    if (shape.length >= MAX_RANK) {
      throw new InputError(name, `input "${name}": arrays nest deeper than ${MAX_RANK} levels`);
    }
    shape.push(cursor.length);
    if (cursor.length === 0) {
      break;
    }
    cursor = cursor[0];
  }
  const flat: unknown[] = new Array(elementCount(name, shape, maxElements));
  let next = 0;
  const ragged = (level: number, got: string): InputError =>
    new InputError(
      name,
      `input "${name}": nested arrays are not rectangular: expected ${shape[level]} values at depth ${level + 1} ` +
        `(shape [${shape.join(',')}]), got ${got}`,
    );
  // Recursion depth is bounded by shape.length <= MAX_RANK.
  const walk = (array: unknown[], level: number): void => {
    if (array.length !== shape[level]) {
      throw ragged(level, `${array.length}`);
    }
    const leaf = level === shape.length - 1;
    for (let i = 0; i < array.length; i++) {
      const item: unknown = array[i];
      if (leaf) {
        if (Array.isArray(item)) {
          throw new InputError(
            name,
            `input "${name}": nested arrays are not rectangular: an array where a value belongs`,
          );
        }
        flat[next++] = item;
      } else if (Array.isArray(item)) {
        walk(item, level + 1);
      } else {
        throw ragged(level + 1, describe(item));
      }
    }
  };
  walk(value, 0);
  return { shape, flat };
}

/** Checks a shape given by the client: a list of at most MAX_RANK non-negative integers. */
export function parseShape(name: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || shape.length > MAX_RANK) {
    throw new InputError(
      name,
      `input "${name}": shape must be a list of at most ${MAX_RANK} integers, got ${describe(shape)}`,
    );
  }
  return shape.map((dim: unknown) => {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      throw new InputError(
        name,
        `input "${name}": shape dimensions must be non-negative integers, got ${describe(dim)}`,
      );
    }
    return dim;
  });
}

/**
 * The dims of a value: the client's shape if given (its element count must match, and nested data must have that
 * very shape), else the nested shape, else — for flat data — the declared shape with its one free dim inferred.
 */
export function resolveDims(
  name: string,
  data: Flattened,
  given: number[] | undefined,
  declared: Dim[] | null,
): number[] {
  const length = data.flat.length;
  if (given !== undefined) {
    const count = given.reduce((product, dim) => product * dim, 1);
    if (count !== length) {
      throw new InputError(name, `input "${name}": shape [${given.join(',')}] needs ${count} values, got ${length}`);
    }
    if (data.shape.length > 1 && data.shape.join(',') !== given.join(',')) {
      throw new InputError(
        name,
        `input "${name}": nested data has shape [${data.shape.join(',')}] but shape says [${given.join(',')}]`,
      );
    }
    return given;
  }
  if (declared === null || data.shape.length === declared.length || data.shape.length > 1) {
    return data.shape;
  }
  // Flat data (or a scalar) for a tensor of another rank: fill in the one dim the signature leaves open.
  const fixed = declared.reduce<number>((product, dim) => product * (typeof dim === 'number' ? dim : 1), 1);
  const free = declared.filter((dim) => typeof dim !== 'number').length;
  if (free === 0) {
    if (length !== fixed) {
      throw new InputError(
        name,
        `input "${name}": expected ${fixed} values (shape ${formatDims(declared)}), got ${length}`,
      );
    }
    return declared as number[];
  }
  if (free === 1 && fixed > 0 && length % fixed === 0 && length > 0) {
    return declared.map((dim) => (typeof dim === 'number' ? dim : length / fixed));
  }
  throw new InputError(
    name,
    `input "${name}": cannot tell the shape of ${length} flat values for shape ${formatDims(declared)}: ` +
      'send nested arrays or give a shape',
  );
}

/** Holds dims against the declared shape: same rank, fixed dims equal, open dims at least 1, rows within the limit. */
export function checkDims(name: string, dims: readonly number[], declared: Dim[] | null, maxRows: number): void {
  const expected = formatDims(declared);
  if (declared !== null && dims.length !== declared.length) {
    throw new InputError(
      name,
      `input "${name}": expected ${declared.length} dimension${declared.length === 1 ? '' : 's'} (shape ${expected}), ` +
        `got ${dims.length} (shape [${dims.join(',')}])`,
    );
  }
  dims.forEach((dim, i) => {
    const want = declared?.[i];
    if (typeof want === 'number') {
      if (dim !== want) {
        const what = i === 1 && dims.length === 2 ? 'values per row' : `as dimension ${i}`;
        throw new InputError(name, `input "${name}": expected ${want} ${what} (shape ${expected}), got ${dim}`);
      }
    } else if (dim < 1) {
      throw new InputError(name, `input "${name}": dimension ${i} (${want || '?'}) must be at least 1, got ${dim}`);
    }
  });
  if (dims.length > 0 && (dims[0] as number) > maxRows) {
    throw new InputError(name, `input "${name}": ${dims[0]} rows exceed the limit of ${maxRows}`);
  }
}
