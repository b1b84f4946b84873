// Survival function of the two-sided one-sample K-S statistic D_n, as scipy.stats.kstwo.sf(d, n): a port of
// scipy/stats/_ksstats.py (_kolmogn and the algorithms it picks between, after Simard & L'Ecuyer 2011). ks_2samp
// uses it for its asymptotic p-value with n = round(n1·n2 / (n1 + n2)), so the branches must be the same.
import { durbinMtwCdf, pelzGoodCdf, pomeranzCdf } from './kolmogorov-cdf';
import { smirnovSf } from './smirnov';

const { exp, log, PI, pow } = Math;

const LOG_2PI = log(2 * PI);
// Stirling coefficients B_{2j}/(2j)/(2j−1), j = 8 … 1, as _STIRLING_COEFFS.
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953,
  0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

/** Pr(D_n ≥ d) for the two-sided one-sample statistic, as scipy.stats.kstwo.sf(d, n); NaN unless n is a positive integer. */
export function kolmogorovSf(n: number, d: number): number {
  if (!(n >= 1 && Number.isInteger(n)) || Number.isNaN(d)) {
    return Number.NaN;
  }
  if (d >= 1) {
    return 0;
  }
  if (d <= 0) {
    return 1;
  }
  const t = n * d;
  if (t <= 1) {
    // Ruben–Gambino: 1/(2n) ≤ d ≤ 1/n.
    if (t <= 0.5) {
      return 1;
    }
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) {
        prob *= i * (1 / n) * (2 * t - 1);
      }
    } else {
      prob = exp(logFactorialOverPower(n) + n * log(2 * t - 1));
    }
    return clip(1 - prob);
  }
  if (t >= n - 1) {
    return clip(2 * pow(1 - d, n));
  }
  if (d >= 0.5) {
    return clip(2 * smirnovSf(n, d));
  }
  const nxSquared = t * d;
  if (n <= 140) {
    if (nxSquared <= 0.754693) {
      return clip(1 - durbinMtwCdf(n, d));
    }
    if (nxSquared <= 4) {
      return clip(1 - pomeranzCdf(n, d));
    }
    return clip(2 * smirnovSf(n, d));
  }
  if (nxSquared >= 370) {
    return 0;
  }
  if (nxSquared >= 2.2) {
    return clip(2 * smirnovSf(n, d));
  }
  const cdf = n <= 100_000 && n * pow(d, 1.5) <= 1.4 ? durbinMtwCdf(n, d) : pelzGoodCdf(n, d);
  return clip(1 - cdf);
}

// log(n! / n^n) by Stirling with n·log(n) removed up front (_log_nfactorial_div_n_pow_n).
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) {
    poly = poly * (rn / n) + c;
  }
  return log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

function clip(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
