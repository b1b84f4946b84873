/** A value and how often it occurs. */
export interface Frequency {
  value: string;
  count: number;
}

/**
 * A copy of the text that shares no memory with the string it was cut from: a CSV field is a slice of a whole
 * input chunk (64 KB), and a thousand kept keys must not keep a thousand chunks alive.
 */
export function detach(text: string): string {
  return ` ${text}`.slice(1);
}

/** Orders frequencies most frequent first, ties by value (ascending code units), so profiles are deterministic. */
export function byCountThenValue(a: Frequency, b: Frequency): number {
  if (a.count !== b.count) {
    return b.count - a.count;
  }
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** The `n` most frequent entries of an exact count map. */
export function topFrequencies(counts: ReadonlyMap<string, number>, n: number): Frequency[] {
  const all: Frequency[] = [];
  for (const [value, count] of counts) {
    all.push({ value, count });
  }
  return all.sort(byCountThenValue).slice(0, n);
}

/**
 * Space-Saving heavy hitters (Metwally et al.) over `capacity` counters kept in a min-heap: when a new value
 * arrives and all counters are taken, it replaces the smallest counter and inherits its count. Each count
 * overcounts its value by at most `maxError` (the smallest counter), never undercounts, and every value
 * occurring more than `maxError` times holds a counter. Memory is O(capacity) whatever the stream.
 */
export class SpaceSaving {
  private readonly positions = new Map<string, number>();
  private readonly items: string[] = [];
  private readonly counts: number[] = [];
  private total = 0;

  constructor(private readonly capacity: number) {}

  /** Counts one occurrence of value. */
  add(value: string): void {
    this.total++;
    const position = this.positions.get(value);
    if (position !== undefined) {
      this.counts[position]!++;
      this.siftDown(position);
      return;
    }
    value = detach(value);
    if (this.items.length < this.capacity) {
      this.items.push(value);
      this.counts.push(1);
      this.positions.set(value, this.items.length - 1);
      this.siftUp(this.items.length - 1);
      return;
    }
    this.positions.delete(this.items[0]!);
    this.items[0] = value;
    this.counts[0]!++;
    this.positions.set(value, 0);
    this.siftDown(0);
  }

  /** The largest possible overcount of any reported count: 0 until the counters are all taken. */
  get maxError(): number {
    return this.items.length < this.capacity ? 0 : this.counts[0]!;
  }

  /** Number of values counted. */
  get count(): number {
    return this.total;
  }

  /** The `n` largest estimated counts, most frequent first, ties by value. */
  top(n: number): Frequency[] {
    return this.items
      .map((value, i) => ({ value, count: this.counts[i]! }))
      .sort(byCountThenValue)
      .slice(0, n);
  }

  private siftUp(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.counts[parent]! <= this.counts[i]!) {
        return;
      }
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(start: number): void {
    const size = this.items.length;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      const right = left + 1;
      const child = right < size && this.counts[right]! < this.counts[left]! ? right : left;
      if (this.counts[i]! <= this.counts[child]!) {
        return;
      }
      this.swap(i, child);
      i = child;
    }
  }

  private swap(i: number, j: number): void {
    const item = this.items[i]!;
    const count = this.counts[i]!;
    this.items[i] = this.items[j]!;
    this.counts[i] = this.counts[j]!;
    this.items[j] = item;
    this.counts[j] = count;
    this.positions.set(this.items[i]!, i);
    this.positions.set(item, j);
  }
}

/** Exact counts of up to `cap` distinct values; at the first value past the cap it forgets them all and stops. */
export class CappedCounts {
  private map: Map<string, number> | undefined = new Map<string, number>();

  constructor(readonly cap: number) {}

  /** True once more than `cap` distinct values were seen. */
  get overflowed(): boolean {
    return this.map === undefined;
  }

  /** Number of distinct values, exact unless overflowed (then the cap). */
  get distinct(): number {
    return this.map === undefined ? this.cap : this.map.size;
  }

  /** The exact counts, undefined once overflowed. */
  get counts(): ReadonlyMap<string, number> | undefined {
    return this.map;
  }

  /** Counts one occurrence of value. */
  add(value: string): void {
    const map = this.map;
    if (map === undefined) {
      return;
    }
    const count = map.get(value);
    if (count !== undefined) {
      map.set(value, count + 1);
    } else if (map.size === this.cap) {
      this.map = undefined;
    } else {
      map.set(detach(value), 1);
    }
  }
}
