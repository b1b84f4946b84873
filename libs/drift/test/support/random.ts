// Read once: global lookups are slow inside Jest's vm context, and these run millions of times.
const { cos, log, PI, sqrt } = Math;

/** Seeded PRNG for tests (sfc32): the same seed gives the same data on every run. */
export class Random {
  private a = 0x9e3779b9;
  private b = 0x243f6a88;
  private c = 0xb7e15162;
  private d: number;

  constructor(seed: number) {
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) {
      this.uint32();
    }
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    return ((this.uint32() >>> 5) * 67108864 + (this.uint32() >>> 6)) / 9007199254740992;
  }

  /** Normal(mean, sd) by Box–Muller (one of the pair). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    return mean + sd * sqrt(-2 * log(u)) * cos(2 * PI * this.next());
  }

  /** n values drawn by `draw`. */
  array(n: number, draw: (random: Random) => number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = draw(this);
    }
    return out;
  }
}
