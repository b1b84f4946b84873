// scipy's exact two-sided p-value of the two-sample K-S test (scipy/stats/_stats_py.py _attempt_exact_2kssamp with
// _compute_prob_outside_square, and _stats_pythran.py _compute_outer_prob_inside_method): the share of lattice
// paths from (0, 0) to (n1, n2) that leave the band |x/n1 − y/n2| < d.
const { ceil, floor, max, min } = Math;

/** The exact p-value and the statistic rounded to a multiple of 1/lcm(n1, n2), or null where scipy gives up. */
export interface ExactKs {
  statistic: number;
  pValue: number;
}

/** Exact Pr(D ≥ d) for sizes n1, n2, as scipy's _attempt_exact_2kssamp; null when scipy falls back to asymp. */
export function exactKsPValue(n1: number, n2: number, d: number): ExactKs | null {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const statistic = h / lcm;
  if (h === 0) {
    return { statistic, pValue: 1 };
  }
  const pValue = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  // scipy's check: a value outside [0, 1] (floating point trouble) sends it to the asymptotic distribution.
  if (!(pValue >= 0 && pValue <= 1)) {
    return null;
  }
  return { statistic, pValue };
}

// Pr(D_{n,n} ≥ h/n) = 2 Σ (−1)^(k−1) C(2n, n − kh) / C(2n, n), in Horner form to avoid cancellation.
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) {
      p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    }
    p = p1 * (1 - p);
  }
  return 2 * p;
}

// Hodges' inside method with Viehmann's recursion for 1 − p, one sliding column at a time (m ≥ n).
function outerProbInside(n1: number, n2: number, g: number, h: number): number {
  const m = max(n1, n2);
  const n = min(n1, n2);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = min(ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = min(2 * maxj + 2, n + 1);
  const a = new Float64Array(lenA).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = min(max(floor((ng * i - h) / mg) + 1, 0), n);
    maxj = min(ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) {
      return 1;
    }
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj]! * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) {
      a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
    }
  }
  return a[maxj - minj - 1]!;
}

/** Greatest common divisor of two positive integers. */
export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    [x, y] = [y, x % y];
  }
  return x;
}

/** numpy's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
