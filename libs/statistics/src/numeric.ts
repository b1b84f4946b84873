import { binIndex, equalWidthEdges } from './histogram';
import { RunningMoments } from './moments';
import { QuantileSketch } from './quantile-sketch';
import type { NumericSummary } from './types';

/** The quantiles every numeric summary reports. */
export const PROFILE_QUANTILES: readonly number[] = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

/**
 * Statistics of a numeric column in memory independent of the row count: moments, min/max, a quantile sketch,
 * distinct values up to a cap, the values themselves only while the dataset may still be small, and (second
 * pass) the histogram between the final min and max.
 */
export class NumericStats {
  private readonly moments = new RunningMoments();
  private readonly sketch: QuantileSketch;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private distinctValues: Set<number> | undefined = new Set<number>();
  private values: number[] | undefined = [];
  private edges: number[] | undefined;
  private counts: number[] | undefined;

  constructor(
    private readonly distinctCap: number,
    epsilon: number,
  ) {
    this.sketch = new QuantileSketch(epsilon);
  }

  /** Pass 1: adds one value. */
  add(x: number): void {
    this.moments.add(x);
    this.sketch.add(x);
    if (x < this.min) {
      this.min = x;
    }
    if (x > this.max) {
      this.max = x;
    }
    if (this.distinctValues !== undefined) {
      this.distinctValues.add(x);
      if (this.distinctValues.size > this.distinctCap) {
        this.distinctValues = undefined;
      }
    }
    this.values?.push(x);
  }

  /** Forgets the kept values once the dataset is known to have more rows than monitoring's exact test takes. */
  dropValues(): void {
    this.values = undefined;
  }

  /** Whether the histogram needs a second pass (the values were not kept). */
  get needsSecondPass(): boolean {
    return this.values === undefined;
  }

  /** Pass 2: prepares `bins` bins between the min and max found by pass 1. */
  startHistogram(bins: number): void {
    this.edges = equalWidthEdges(this.min, this.max, bins);
    this.counts = new Array<number>(bins).fill(0);
  }

  /** Pass 2: counts one value; false when it lies outside pass 1's range (the data changed). */
  addToHistogram(x: number): boolean {
    const bin = binIndex(this.edges!, x);
    if (bin < 0) {
      return false;
    }
    this.counts![bin]!++;
    return true;
  }

  /** The summary, once all passes are done. */
  summary(bins: number): NumericSummary {
    if (this.values !== undefined) {
      this.startHistogram(bins);
      for (const x of this.values) {
        this.addToHistogram(x);
      }
    }
    const distinctCapped = this.distinctValues === undefined;
    const summary: NumericSummary = {
      min: this.min,
      max: this.max,
      mean: this.moments.mean,
      std: this.moments.std,
      quantiles: PROFILE_QUANTILES.map((q) => ({ q, value: this.sketch.quantile(q) })),
      quantileRankError: this.sketch.epsilon,
      histogram: { edges: this.edges ?? [], counts: this.counts ?? [] },
      distinct: distinctCapped ? this.distinctCap : this.distinctValues!.size,
      distinctCapped,
    };
    if (this.values !== undefined) {
      summary.values = this.values;
    }
    return summary;
  }
}
