// One-sided Kolmogorov–Smirnov (Smirnov) survival function, as scipy.special.smirnov (cephes kolmogorov.c,
// _smirnov). Cephes sums in double-double; plain doubles over logs lose a few more bits, still ~1e-13 relative for
// the sizes ks_2samp reaches, which is enough for p-values compared at 1e-6.
const { abs, exp, expm1, floor, log, LN2, pow, sqrt } = Math;

// cephes MINLOG = log(2^-1075): exp() of anything below underflows.
const MINLOG = -745.1332191019412;
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;
const SM_UPPER_MAX_TERMS = 3;
const SM_UPPERSUM_MIN_N = 10;
const DBL_EPSILON = 2 ** -52;

/** Pr(D⁺_n > x), the one-sided statistic's survival function, as scipy.special.smirnov(n, x). */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) {
    return Number.NaN;
  }
  if (n === 1) {
    return 1 - x;
  }
  if (x === 0) {
    return 1;
  }
  if (x === 1) {
    return 0;
  }
  const nx = n * x;
  let nxfl = floor(nx);
  let alpha = nx - nxfl;
  if (alpha === 1) {
    nxfl += 1;
    alpha = 0;
  }
  // The lower sum runs to floor(n(1 − x)), without that last term when n·x is an integer (its base is zero).
  const n1mxfl = n - nxfl - 1;
  const n1mxceil = n - nxfl + (alpha === 0 ? 1 : 0);

  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    return clip(1 - x * pow(1 + x, n - 1));
  }
  if (-2 * n * x * x < MINLOG) {
    return 0;
  }
  if (nxfl >= n - 1) {
    return clip(pow(1 - x, n));
  }
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -pow(6 * n * x + 1, 2) / 18 / n;
    return clip(logp < -LN2 ? exp(logp) : 1 + expm1(logp));
  }
  const upperTerms = n - n1mxceil + 1;
  const useUpperSum =
    (upperTerms <= 1 && x < 0.5) || (n >= SM_UPPERSUM_MIN_N && upperTerms <= SM_UPPER_MAX_TERMS && x <= 0.5 / sqrt(n));
  if (useUpperSum) {
    // The terms alternate in sign here; cephes only takes this path for at most three of them.
    return clip(1 - x * sumTerms(n, x, n, -1, n - n1mxceil + 1));
  }
  return clip(x * sumTerms(n, x, 0, 1, n1mxfl + 1));
}

// Σ_j A_v for v = start + j·step, j < count, with A_v = C(n, v) (1 − x − v/n)^(n−v) (x + v/n)^(v−1), stopping as
// cephes does once the remaining terms cannot change the sum.
function sumTerms(n: number, x: number, start: number, step: number, count: number): number {
  let logBinomial = 0; // log C(n, j), the same as log C(n, n − j)
  let sum = 0;
  const middle = floor(n / 2);
  for (let j = 0; j < count; j++) {
    const v = start + j * step;
    const below = (n - v) / n - x;
    const above = v / n + x;
    const sign = below < 0 && (n - v) % 2 === 1 ? -1 : 1;
    const logTerm = logBinomial + logPower(abs(below), n - v) + logPower(above, v - 1);
    const term = sign * exp(logTerm);
    sum += term;
    if (term !== 0) {
      if (4 * (count - j) * abs(term) < DBL_EPSILON * sum && j !== count - 1) {
        break;
      }
    } else if (j > middle) {
      break;
    }
    logBinomial += log((n - j) / (j + 1));
  }
  return sum;
}

// m·log(b) with 0^0 = 1.
function logPower(base: number, m: number): number {
  return m === 0 ? 0 : m * log(base);
}

function clip(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
