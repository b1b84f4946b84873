import { formatNumber, type Labels } from './format';
import { Metric } from './metric';

/** Bucket bounds for request latency in seconds, 0.5 ms to 10 s. */
export const DEFAULT_LATENCY_BUCKETS: readonly number[] = Object.freeze([
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** `count` bounds starting at `start`, each `factor` times the previous (e.g. batch sizes 1, 2, 4 … 256). */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  if (!(start > 0) || !(factor > 1) || !Number.isInteger(count) || count < 1) {
    throw new Error(`exponentialBuckets needs start > 0, factor > 1 and count >= 1, got ${start}, ${factor}, ${count}`);
  }
  const bounds: number[] = [];
  for (let i = 0, bound = start; i < count; i++, bound *= factor) {
    bounds.push(bound);
  }
  return bounds;
}

/** `count` bounds starting at `start`, `width` apart. */
export function linearBuckets(start: number, width: number, count: number): number[] {
  if (!Number.isFinite(start) || !(width > 0) || !Number.isInteger(count) || count < 1) {
    throw new Error(`linearBuckets needs a finite start, width > 0 and count >= 1, got ${start}, ${width}, ${count}`);
  }
  return Array.from({ length: count }, (_, i) => start + i * width);
}

export interface HistogramOptions {
  labelNames?: readonly string[];
  /** Upper bounds, strictly increasing; the `+Inf` bucket is always added (a trailing Infinity is accepted). */
  buckets?: readonly number[];
}

/** One series of a histogram: per-bucket counts, sum and count behind one label set. */
export class HistogramChild {
  // Per bucket, not cumulative, so an observation touches one slot; the last slot is +Inf. Float64 rather than
  // Uint32 because 30k observations a second overflow 2^32 in under two days.
  private readonly counts: Float64Array;
  private total = 0;
  private observations = 0;

  constructor(private readonly bounds: Float64Array) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  /** Records one observation. */
  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    // A linear scan: latencies sit in the first few of ~15 buckets, where it beats a binary search.
    // NaN compares false everywhere and lands in +Inf, as in client_golang.
    while (i < bounds.length && !(value <= bounds[i]!)) {
      i++;
    }
    this.counts[i]! += 1;
    this.total += value;
    this.observations += 1;
  }

  /** How many observations were recorded. */
  get count(): number {
    return this.observations;
  }

  /** The sum of the observations. */
  get sum(): number {
    return this.total;
  }

  /** Cumulative count per bucket, as exposed in `_bucket{le=…}`, the last being +Inf (equal to `count`). */
  cumulativeCounts(): number[] {
    const cumulative: number[] = [];
    let running = 0;
    for (const count of this.counts) {
      running += count;
      cumulative.push(running);
    }
    return cumulative;
  }
}

/** A distribution (latency, batch size, queue time) in fixed buckets, from which Prometheus estimates quantiles. */
export class Histogram extends Metric<HistogramChild> {
  readonly type = 'histogram' as const;
  /** The finite upper bounds, without +Inf. */
  readonly buckets: readonly number[];
  private readonly bounds: Float64Array;
  private readonly les: readonly string[];

  constructor(name: string, help: string, options: HistogramOptions = {}) {
    // `le` is the bucket label of the exposition, so it cannot also be a label of the metric.
    super(name, help, options.labelNames ?? [], ['le']);
    this.buckets = validateBuckets(name, options.buckets ?? DEFAULT_LATENCY_BUCKETS);
    this.bounds = Float64Array.from(this.buckets);
    this.les = [...this.buckets.map(formatNumber), '+Inf'];
  }

  /** Records `value` in the series of `labels`. */
  observe(value: number, labels?: Labels): void {
    this.childOf(labels).observe(value);
  }

  /** Appends `# HELP`, `# TYPE`, then per series the cumulative `_bucket` lines, `_sum` and `_count`. */
  renderTo(lines: string[]): void {
    this.header(lines);
    this.forEachSeries((child, pairs) => {
      const bucket = `${this.name}_bucket{${pairs === '' ? '' : `${pairs},`}le="`;
      const cumulative = child.cumulativeCounts();
      for (let i = 0; i < cumulative.length; i++) {
        lines.push(`${bucket}${this.les[i]}"} ${formatNumber(cumulative[i]!)}`);
      }
      const labelText = pairs === '' ? '' : `{${pairs}}`;
      lines.push(`${this.name}_sum${labelText} ${formatNumber(child.sum)}`);
      lines.push(`${this.name}_count${labelText} ${formatNumber(child.count)}`);
    });
  }

  protected createChild(): HistogramChild {
    return new HistogramChild(this.bounds);
  }
}

function validateBuckets(name: string, buckets: readonly number[]): readonly number[] {
  const bounds = buckets.length > 0 && buckets[buckets.length - 1] === Infinity ? buckets.slice(0, -1) : [...buckets];
  for (let i = 0; i < bounds.length; i++) {
    const bound = bounds[i]!;
    if (typeof bound !== 'number' || !Number.isFinite(bound)) {
      throw new Error(`${name}: bucket bounds must be finite numbers (+Inf is added), got ${String(bound)}`);
    }
    if (i > 0 && !(bound > bounds[i - 1]!)) {
      throw new Error(`${name}: bucket bounds must be strictly increasing, got ${bounds[i - 1]} then ${bound}`);
    }
  }
  return Object.freeze(bounds);
}
