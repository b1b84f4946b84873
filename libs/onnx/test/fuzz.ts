import type { Dim, ElementType, OnnxModelInfo } from '../src';

/** mulberry32: a small seeded generator, so any failing input can be replayed from its seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  127,
  128,
  255,
  256,
  -129,
  65504,
  70000,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 63,
  -(2 ** 63),
  1e39,
  1e308,
  1e-320,
  NaN,
  Infinity,
  -Infinity,
  3.14,
];
const STRINGS = [
  '',
  'a',
  'NaN',
  'Infinity',
  '-Infinity',
  '1',
  '1.5',
  'true',
  '__proto__',
  'constructor',
  'x'.repeat(300),
  '\u0000',
  '😀',
];
const KEYS = [
  'data',
  'shape',
  'name',
  'datatype',
  'parameters',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'X',
  'x',
  'a',
  '0',
];

/** Builds an object with own properties only: "__proto__" becomes a plain key, as JSON.parse makes it. */
export function ownObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Any JSON value (with NaN/±Infinity, as a JS caller could pass), up to `depth` levels of containers. */
export function randomJson(rng: Rng, depth = 3, keys: readonly string[] = KEYS): unknown {
  const kind = rng.int(depth > 0 ? 8 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
    case 3:
      return rng.chance(0.5) ? rng.pick(NUMBERS) : (rng.next() - 0.5) * 10 ** rng.int(6);
    case 4:
      return rng.pick(STRINGS);
    case 5:
    case 6:
      return Array.from({ length: rng.int(6) }, () => randomJson(rng, depth - 1, keys));
    default:
      return ownObject(Array.from({ length: rng.int(4) }, () => [rng.pick(keys), randomJson(rng, depth - 1, keys)]));
  }
}

/** A value valid for an element type. */
export function validElement(rng: Rng, type: ElementType): unknown {
  switch (type) {
    case 'string':
      return rng.pick(['a', 'b', 'c', 'd', 'g', '']);
    case 'bool':
      return rng.chance(0.5);
    case 'float':
    case 'double':
    case 'float16':
      return Math.round((rng.next() - 0.5) * 2000) / 100;
    case 'int64':
    case 'int32':
    case 'int16':
    case 'int8':
      return rng.int(4);
    default:
      return rng.int(200);
  }
}

/** Concrete dims for a declared shape: open dims 1…3. */
export function concreteDims(rng: Rng, shape: Dim[] | null): number[] {
  return (shape ?? [rng.int(3) + 1]).map((dim) => (typeof dim === 'number' ? dim : rng.int(3) + 1));
}

export function nest(flat: unknown[], dims: number[]): unknown {
  if (dims.length === 0) {
    return flat[0];
  }
  const [first, ...rest] = dims as [number, ...number[]];
  const size = rest.reduce((product, dim) => product * dim, 1);
  return Array.from({ length: first }, (_, i) => nest(flat.slice(i * size, (i + 1) * size), rest));
}

/** A valid tensor for each input: [elementType, dims, flat data]. */
export function validTensors(
  rng: Rng,
  info: OnnxModelInfo,
): Array<{ name: string; type: ElementType; dims: number[]; flat: unknown[] }> {
  return info.inputs.map((input) => {
    const type = input.type.kind === 'tensor' ? input.type.elementType : 'float';
    const dims = concreteDims(rng, input.type.kind === 'tensor' ? input.type.shape : null);
    const size = dims.reduce((product, dim) => product * dim, 1);
    return { name: input.name, type, dims, flat: Array.from({ length: size }, () => validElement(rng, type)) };
  });
}

function deepArray(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) {
    value = [value];
  }
  return value;
}

/** Replaces, wraps, drops or grows one node of a JSON tree, chosen by a random walk from the root. */
export function mutate(rng: Rng, value: unknown, keys: readonly string[]): unknown {
  const container = Array.isArray(value) || (value !== null && typeof value === 'object');
  if (!container || rng.chance(0.3)) {
    switch (rng.int(9)) {
      case 0:
        return [value];
      case 1:
        return deepArray(rng.pick([40, 5000]));
      case 2:
        return Array.isArray(value) ? value.slice(0, Math.max(0, value.length - 1)) : null;
      case 3:
        return Array.isArray(value) ? [...value, value[value.length - 1]] : rng.pick(STRINGS);
      case 4:
        return typeof value === 'number' ? rng.pick(NUMBERS) : randomJson(rng, 1, keys);
      case 5:
        return Array.isArray(value) ? value.map((item) => (rng.chance(0.2) ? randomJson(rng, 1, keys) : item)) : value;
      default:
        return randomJson(rng, 2, keys);
    }
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return [randomJson(rng, 1, keys)];
    }
    const copy = [...value];
    const i = rng.int(copy.length);
    copy[i] = mutate(rng, copy[i], keys);
    return copy;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const roll = rng.int(6);
  if (roll === 0 && entries.length > 0) {
    entries.splice(rng.int(entries.length), 1);
  } else if (roll === 1) {
    entries.push([rng.pick(keys), randomJson(rng, 2, keys)]);
  } else if (entries.length > 0) {
    const i = rng.int(entries.length);
    const [key, child] = entries[i] as [string, unknown];
    entries[i] = [key, mutate(rng, child, keys)];
  }
  return ownObject(entries);
}
