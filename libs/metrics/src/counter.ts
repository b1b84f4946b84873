import type { Labels } from './format';
import { Metric } from './metric';

/** One series of a counter: the total behind one label set. */
export class CounterChild {
  private total = 0;

  constructor(private readonly metric: string) {}

  /** Adds `value` (default 1); counters only go up, so a negative or NaN increment throws. */
  inc(value = 1): void {
    if (!(value >= 0)) {
      throw new Error(`${this.metric}: counters only go up, got an increment of ${value}`);
    }
    this.total += value;
  }

  /** The current total. */
  get value(): number {
    return this.total;
  }
}

/** A total that only goes up (requests, errors, dropped records); Prometheus derives rates from it. */
export class Counter extends Metric<CounterChild> {
  readonly type = 'counter' as const;

  /** Adds `value` (default 1) to the series of `labels`; `inc(5)` is short for `inc(undefined, 5)`. */
  inc(value?: number): void;
  inc(labels: Labels | undefined, value?: number): void;
  inc(labelsOrValue?: Labels | number, value = 1): void {
    if (typeof labelsOrValue === 'number') {
      this.childOf(undefined).inc(labelsOrValue);
    } else {
      this.childOf(labelsOrValue).inc(value);
    }
  }

  /** Appends `# HELP`, `# TYPE` and one sample line per series. */
  renderTo(lines: string[]): void {
    this.renderSingleValues(lines, (child) => child.value);
  }

  protected createChild(): CounterChild {
    return new CounterChild(this.name);
  }
}
