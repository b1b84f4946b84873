// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and add() runs per value.
const isFiniteNumber = Number.isFinite;

/**
 * Greenwald–Khanna quantile summary with batch insertion.
 *
 * The summary is a sorted list of tuples (v, g, Δ): rmin(i) = g_0 + … + g_i bounds the position of v_i in the
 * sorted input from below and rmax(i) = rmin(i) + Δ_i from above. Keeping g_i + Δ_i ≤ 2εn for every tuple is
 * what guarantees an answer within εn ranks. Values are buffered (1/(2ε) of them), sorted and merged in one
 * linear pass, then adjacent tuples are merged while the invariant allows: this costs O(1) amortized per value
 * instead of a search per value. The first and last tuples are never merged away, so min and max stay exact.
 */
export class QuantileSketch {
  readonly epsilon: number;
  private merged = 0;
  private size = 0;
  private values = new Float64Array(0);
  private gs = new Float64Array(0);
  private deltas = new Float64Array(0);
  private readonly buffer: Float64Array;
  private buffered = 0;
  // Prefix sums of g, rebuilt lazily after a flush: rank() is a binary search plus two lookups.
  private rmins: Float64Array | undefined;

  constructor(epsilon = 0.001) {
    if (!(epsilon > 0 && epsilon < 1)) {
      throw new RangeError(`epsilon must be in (0, 1), got ${epsilon}`);
    }
    this.epsilon = epsilon;
    this.buffer = new Float64Array(Math.max(16, Math.ceil(1 / (2 * epsilon))));
  }

  /** Number of values added. */
  get count(): number {
    return this.merged + this.buffered;
  }

  /** Adds one finite value. */
  add(x: number): void {
    if (!isFiniteNumber(x)) {
      throw new RangeError(`QuantileSketch accepts finite numbers only, got ${x}`);
    }
    this.buffer[this.buffered++] = x;
    if (this.buffered === this.buffer.length) {
      this.flush();
    }
  }

  /**
   * A value whose rank (1-based position in the sorted input; for ties, any position the value occupies) is
   * within epsilon · count of ceil(q · count). NaN when empty; q = 0 gives the min and q = 1 the max, exactly.
   */
  quantile(q: number): number {
    this.flush();
    const n = this.merged;
    if (n === 0) {
      return Number.NaN;
    }
    const target = Math.min(n, Math.max(1, Math.ceil(Math.min(1, Math.max(0, q)) * n)));
    // The tuple whose rank interval is closest to the target in the worst case; the invariant makes it ≤ εn.
    let best = 0;
    let bestError = Number.POSITIVE_INFINITY;
    let rmin = 0;
    for (let i = 0; i < this.size; i++) {
      rmin += this.gs[i]!;
      const error = Math.max(target - rmin, rmin + this.deltas[i]! - target);
      if (error < bestError) {
        best = i;
        bestError = error;
      }
      if (rmin - target > bestError) {
        break; // every later tuple is at least this far above the target
      }
    }
    return this.values[best]!;
  }

  /** Estimated number of values ≤ x, within epsilon · count of the true number; exact below the min and from the max on. */
  rank(x: number): number {
    this.flush();
    const size = this.size;
    if (size === 0 || x < this.values[0]!) {
      return 0;
    }
    if (x >= this.values[size - 1]!) {
      return this.merged;
    }
    const rmins = this.prefixSums();
    // Last tuple with v ≤ x: all values up to its position are ≤ x, and the next tuple's value is > x.
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.values[mid]! <= x) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    const lower = rmins[lo]!;
    const upper = rmins[lo + 1]! + this.deltas[lo + 1]! - 1;
    return Math.round((lower + upper) / 2);
  }

  /** The values the summary keeps, ascending: the only points where the estimated rank changes. */
  points(): Float64Array {
    this.flush();
    return this.values.slice(0, this.size);
  }

  /** Number of tuples kept, for tests of the space bound. */
  get summarySize(): number {
    this.flush();
    return this.size;
  }

  private prefixSums(): Float64Array {
    if (this.rmins === undefined) {
      const rmins = new Float64Array(this.size);
      let sum = 0;
      for (let i = 0; i < this.size; i++) {
        sum += this.gs[i]!;
        rmins[i] = sum;
      }
      this.rmins = rmins;
    }
    return this.rmins;
  }

  private flush(): void {
    const count = this.buffered;
    if (count === 0) {
      return;
    }
    const batch = this.buffer.subarray(0, count).sort();
    const size = this.size;
    const values = new Float64Array(size + count);
    const gs = new Float64Array(size + count);
    const deltas = new Float64Array(size + count);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < size || j < count) {
      if (j < count && (i === size || batch[j]! < this.values[i]!)) {
        values[k] = batch[j++]!;
        gs[k] = 1;
        // Inserted before tuple i, its position is bounded by tuple i's: Δ = g_i + Δ_i − 1 (0 past the max).
        deltas[k] = i === size ? 0 : this.gs[i]! + this.deltas[i]! - 1;
      } else {
        values[k] = this.values[i]!;
        gs[k] = this.gs[i]!;
        deltas[k] = this.deltas[i]!;
        i++;
      }
      k++;
    }
    this.values = values;
    this.gs = gs;
    this.deltas = deltas;
    this.size = k;
    this.merged += count;
    this.buffered = 0;
    this.rmins = undefined;
    this.compress();
  }

  // Merges tuple i into its right neighbour while g_i + g_next + Δ_next ≤ 2εn, from right to left, in place.
  private compress(): void {
    const threshold = Math.floor(2 * this.epsilon * this.merged);
    if (threshold < 2 || this.size < 3) {
      return;
    }
    const { values, gs, deltas } = this;
    let w = this.size - 1;
    for (let i = this.size - 2; i >= 1; i--) {
      if (gs[i]! + gs[w]! + deltas[w]! <= threshold) {
        gs[w] = gs[w]! + gs[i]!;
      } else {
        w--;
        values[w] = values[i]!;
        gs[w] = gs[i]!;
        deltas[w] = deltas[i]!;
      }
    }
    w--;
    values[w] = values[0]!;
    gs[w] = gs[0]!;
    deltas[w] = deltas[0]!;
    const size = this.size - w;
    values.copyWithin(0, w, this.size);
    gs.copyWithin(0, w, this.size);
    deltas.copyWithin(0, w, this.size);
    this.size = size;
  }
}

/**
 * Two-sample Kolmogorov–Smirnov statistic from two sketches: the largest gap between their estimated CDFs over
 * the points either keeps. It is within 4 · max(ε) of the exact statistic: both estimated CDFs are within ε at
 * those points, and between two consecutive ones the gap between the true CDFs moves by at most 2ε.
 */
export function ksStatistic(a: QuantileSketch, b: QuantileSketch): number {
  const na = a.count;
  const nb = b.count;
  if (na === 0 || nb === 0) {
    return Number.NaN;
  }
  let d = 0;
  for (const points of [a.points(), b.points()]) {
    for (const x of points) {
      d = Math.max(d, Math.abs(a.rank(x) / na - b.rank(x) / nb));
    }
  }
  return d;
}
