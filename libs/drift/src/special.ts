// Special functions behind the p-values: log-gamma, the regularized upper incomplete gamma function, and the chi2
// and normal survival functions built on it. Accurate to ~1e-14 absolute, far below the 1e-6 the tests ask.
const { abs, exp, log, PI, sin } = Math;

const EPSILON = 1e-16;
const MAX_ITERATIONS = 100_000;
// Below this, 1/tiny would overflow in the continued fraction: Lentz's method replaces zeros by it.
const TINY = 1e-300;

// Lanczos approximation, g = 7, n = 9 (relative error ~1e-15 for x ≥ 0.5).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * log(2 * PI);

/** Natural log of the gamma function for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
    return log(PI / abs(sin(PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) {
    sum += LANCZOS[i]! / (z + i);
  }
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * log(t) - t + log(sum);
}

/** Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), as scipy.special.gammaincc. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) {
    return Number.NaN;
  }
  if (x <= 0) {
    return 1;
  }
  if (x === Number.POSITIVE_INFINITY) {
    return 0;
  }
  const logPrefactor = a * log(x) - x - logGamma(a);
  // The series converges fast below a + 1, the continued fraction above (Numerical Recipes' split).
  if (x < a + 1) {
    return 1 - lowerSeries(a, x, logPrefactor);
  }
  return upperFraction(a, x, logPrefactor);
}

// P(a, x) = e^{-x} x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n)).
function lowerSeries(a: number, x: number, logPrefactor: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (abs(term) < abs(sum) * EPSILON) {
      break;
    }
  }
  return sum * exp(logPrefactor);
}

// Q(a, x) = e^{-x} x^a / Γ(a) · 1 / (x + 1 − a − 1·(1 − a) / (x + 3 − a − …)), by modified Lentz.
function upperFraction(a: number, x: number, logPrefactor: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (abs(d) < TINY) {
      d = TINY;
    }
    c = b + an / c;
    if (abs(c) < TINY) {
      c = TINY;
    }
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (abs(delta - 1) < EPSILON) {
      break;
    }
  }
  return exp(logPrefactor) * h;
}

/** Survival function of the chi-square distribution, as scipy.stats.chi2.sf(x, df); NaN when df ≤ 0. */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0)) {
    return Number.NaN;
  }
  return gammaQ(df / 2, x / 2);
}

/** Two-sided normal p-value 2·(1 − Φ(|z|)) = erfc(|z|/√2), as Evidently's proportions_diff_z_test. */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) {
    return Number.NaN;
  }
  return gammaQ(0.5, (z * z) / 2);
}
