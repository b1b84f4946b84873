import type { Labels } from './format';
import { Metric } from './metric';

/** One series of a gauge: the current value behind one label set. */
export class GaugeChild {
  private current = 0;

  /** Sets the value. */
  set(value: number): void {
    this.current = value;
  }

  /** Adds `value` (default 1). */
  inc(value = 1): void {
    this.current += value;
  }

  /** Subtracts `value` (default 1). */
  dec(value = 1): void {
    this.current -= value;
  }

  /** The current value. */
  get value(): number {
    return this.current;
  }
}

/**
 * A value that goes up and down (queue depth, loaded models, memory). Where the value is required it comes first
 * (`set(value, labels?)`); where it is optional it comes last (`inc(labels?, value?)`), as on Counter.
 */
export class Gauge extends Metric<GaugeChild> {
  readonly type = 'gauge' as const;

  /** Sets the series of `labels` to `value`. */
  set(value: number, labels?: Labels): void {
    this.childOf(labels).set(value);
  }

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

  /** Subtracts `value` (default 1) from the series of `labels`; `dec(5)` is short for `dec(undefined, 5)`. */
  dec(value?: number): void;
  dec(labels: Labels | undefined, value?: number): void;
  dec(labelsOrValue?: Labels | number, value = 1): void {
    if (typeof labelsOrValue === 'number') {
      this.childOf(undefined).dec(labelsOrValue);
    } else {
      this.childOf(labelsOrValue).dec(value);
    }
  }

  /** Appends `# HELP`, `# TYPE` and one sample line per series. */
  renderTo(lines: string[]): void {
    this.renderSingleValues(lines, (child) => child.value);
  }

  protected createChild(): GaugeChild {
    return new GaugeChild();
  }
}
