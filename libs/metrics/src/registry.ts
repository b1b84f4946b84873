import { Counter } from './counter';
import { PROMETHEUS_CONTENT_TYPE } from './format';
import { Gauge } from './gauge';
import { Histogram, type HistogramOptions } from './histogram';

type AnyMetric = Counter | Gauge | Histogram;

/** The metrics of one process, rendered for `/metrics` in the Prometheus text exposition format 0.0.4. */
export class MetricsRegistry {
  /** The Content-Type of what `render` returns. */
  readonly contentType = PROMETHEUS_CONTENT_TYPE;
  private readonly metrics = new Map<string, AnyMetric>();
  // Every sample name a family writes, to its family: a histogram `x` also writes x_bucket, x_sum and x_count,
  // and a counter registered as `x_sum` would produce an exposition Prometheus rejects.
  private readonly sampleNames = new Map<string, string>();
  private readonly collectors: (() => void)[] = [];

  /** Registers a counter, or returns the one already registered under this name with the same help and labels. */
  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.register(new Counter(name, help, labelNames));
  }

  /** Registers a gauge, or returns the one already registered under this name with the same help and labels. */
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.register(new Gauge(name, help, labelNames));
  }

  /** Registers a histogram (default buckets: DEFAULT_LATENCY_BUCKETS), or returns the identical one registered. */
  histogram(name: string, help: string, options: HistogramOptions = {}): Histogram {
    return this.register(new Histogram(name, help, options));
  }

  /** Adds gauges computed at scrape time (e.g. loaded models, heap). */
  collect(callback: () => void): void {
    this.collectors.push(callback);
  }

  /** The Prometheus text exposition format 0.0.4 of everything registered. */
  render(): string {
    // A throwing callback fails the scrape rather than serving values that silently stopped updating.
    for (const callback of this.collectors) {
      callback();
    }
    const lines: string[] = [];
    for (const metric of this.metrics.values()) {
      metric.renderTo(lines);
    }
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  private register<T extends AnyMetric>(metric: T): T {
    const existing = this.metrics.get(metric.name);
    if (existing !== undefined) {
      const problem = differenceOf(existing, metric);
      if (problem !== undefined) {
        throw new Error(`metric "${metric.name}" is already registered with ${problem}`);
      }
      return existing as T;
    }
    const names = sampleNamesOf(metric);
    for (const name of names) {
      const owner = this.sampleNames.get(name);
      if (owner !== undefined) {
        throw new Error(`metric "${metric.name}" would write samples named "${name}", which "${owner}" already writes`);
      }
    }
    for (const name of names) {
      this.sampleNames.set(name, metric.name);
    }
    this.metrics.set(metric.name, metric);
    return metric;
  }
}

function sampleNamesOf(metric: AnyMetric): string[] {
  const { name } = metric;
  return metric.type === 'histogram' ? [name, `${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
}

function differenceOf(existing: AnyMetric, wanted: AnyMetric): string | undefined {
  if (existing.type !== wanted.type) {
    return `type ${existing.type}, not ${wanted.type}`;
  }
  if (existing.labelNames.join(',') !== wanted.labelNames.join(',')) {
    return `labels [${existing.labelNames.join(', ')}], not [${wanted.labelNames.join(', ')}]`;
  }
  if (existing.help !== wanted.help) {
    return `a different help text ("${existing.help}")`;
  }
  if (existing.type === 'histogram' && existing.buckets.join(',') !== (wanted as Histogram).buckets.join(',')) {
    return `buckets [${existing.buckets.join(', ')}], not [${(wanted as Histogram).buckets.join(', ')}]`;
  }
  return undefined;
}
