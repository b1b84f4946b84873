/**
 * Count, mean and variance in one pass, precise enough to match an exact two-pass computation to ~1e-12
 * relative: Welford's update on values shifted by the first one, so that data far from zero (1e6 ± 1) is
 * accumulated as small numbers and loses no digits to cancellation.
 */
export class RunningMoments {
  private n = 0;
  private shift = 0;
  private meanShifted = 0;
  private m2 = 0;

  /** Adds one finite value. */
  add(x: number): void {
    if (this.n === 0) {
      this.shift = x;
    }
    const y = x - this.shift;
    this.n++;
    const delta = y - this.meanShifted;
    this.meanShifted += delta / this.n;
    this.m2 += delta * (y - this.meanShifted);
  }

  /** Number of values added. */
  get count(): number {
    return this.n;
  }

  /** Arithmetic mean; NaN when empty. */
  get mean(): number {
    return this.n === 0 ? Number.NaN : this.shift + this.meanShifted;
  }

  /** Sample variance (ddof = 1); 0 for one value, NaN when empty. */
  get variance(): number {
    if (this.n === 0) {
      return Number.NaN;
    }
    return this.n === 1 ? 0 : Math.max(0, this.m2) / (this.n - 1);
  }

  /** Sample standard deviation (ddof = 1); 0 for one value, NaN when empty. */
  get std(): number {
    return Math.sqrt(this.variance);
  }
}
