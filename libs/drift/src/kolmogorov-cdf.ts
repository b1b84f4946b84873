// The three CDF algorithms scipy's _kolmogn chooses between for Pr(D_n ≤ d): Durbin's matrix (Marsaglia–Tsang–Wang),
// Pomeranz's recursion and the Pelz–Good asymptotic series, ported from scipy/stats/_ksstats.py.
const { abs, ceil, exp, floor, max, min, PI, pow, sqrt } = Math;

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const SQRT2PI = sqrt(2 * PI);
const MIN_LOG = -708;
const SQRT3 = sqrt(3);
const PI_SQUARED = PI ** 2;
const PI_FOUR = PI ** 4;
const PI_SIX = PI ** 6;

/** Pr(D_n ≤ d) by Durbin's matrix as Marsaglia–Tsang–Wang: the k-th diagonal entry of H^n times n!/n^n, scaled. */
export function durbinMtwCdf(n: number, d: number): number {
  const nd = n * d;
  if (nd <= 0.5) {
    return 0;
  }
  const k = ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let hm = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) {
      hm[r * m + i] = w[r - i + 1]!;
    }
  }
  for (let r = 0; r < m; r++) {
    hm[r * m] = v[r]!;
  }
  for (let c = 0; c < m; c++) {
    hm[(m - 1) * m + c] = v[m - 1 - c]!;
  }
  let power = identity(m);
  let nn = n;
  let exponent = 0;
  let hExponent = 0;
  const centre = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2 === 1) {
      power = multiply(power, hm, m);
      exponent += hExponent;
    }
    hm = multiply(hm, hm, m);
    hExponent *= 2;
    if (abs(hm[centre]!) > EP128) {
      for (let i = 0; i < hm.length; i++) {
        hm[i] = hm[i]! / EP128;
      }
      hExponent += E128;
    }
    nn = floor(nn / 2);
  }
  let p = power[centre]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (abs(p) < EM128) {
      p *= EP128;
      exponent -= E128;
    }
  }
  return clip(ldexp(p, exponent));
}

/** Pr(D_n ≤ x) by Pomeranz's recursion: each row is the previous one convolved with (almost) Poisson probabilities. */
export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = floor(t);
  const f = t - ll;
  const g = min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1]! * (g / n)) / m;
    twogpower[m] = (twogpower[m - 1]! * ((2 * g) / n)) / m;
    onem2gpower[m] = (onem2gpower[m - 1]! * ((1 - 2 * g) / n)) / m;
  }
  let v0 = new Float64Array(npwrs);
  let v1 = new Float64Array(npwrs);
  v1[0] = 1;
  let v0s = 0;
  let v1s = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0s, v1s] = [v1s, v0s];
    v1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const powers = i === 1 || i === 2 * n + 1 ? gpower : i % 2 === 1 ? twogpower : onem2gpower;
    const length = j2 - k1 + 1;
    if (length > 0) {
      const from = k1 - v0s;
      const a = v0.subarray(from, min(from + length, npwrs));
      const b = powers.subarray(0, min(length, npwrs));
      const convStart = j1 - k1;
      const convLength = j2 - j1 + 1;
      let largest = 0;
      for (let c = 0; c < convLength; c++) {
        const index = convStart + c;
        let sum = 0;
        for (let r = max(0, index - b.length + 1); r <= min(index, a.length - 1); r++) {
          sum += a[r]! * b[index - r]!;
        }
        v1[c] = sum;
        largest = max(largest, sum);
      }
      if (largest > 0 && largest < EM128) {
        for (let c = 0; c < npwrs; c++) {
          v1[c] = v1[c]! * EP128;
        }
        exponent -= E128;
      }
      v1s = v0s + j1 - k1;
    }
  }
  let answer = v1[n - v1s]!;
  for (let m = 1; m <= n; m++) {
    if (abs(answer) > EP128) {
      answer *= EM128;
      exponent += E128;
    }
    answer *= m;
  }
  return clip(ldexp(answer, exponent));
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [max(j1 + 2, 0), min(j2, n)];
}

/** Pr(D_n ≤ x) by the Pelz–Good asymptotic series K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5, z = √n·x. */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) {
    return 0;
  }
  if (x >= 1) {
    return 1;
  }
  const z = sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qlog = -PI_SQUARED / 8 / z2;
  if (qlog < MIN_LOG) {
    return 0;
  }
  let q = exp(qlog);
  const k1a = -z2;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI_SQUARED) / 4;
  const k2c = (PI_FOUR * (1 - 2 * z2)) / 16;
  const k3d = (PI_SIX * (5 - 30 * z2)) / 64;
  const k3c = (PI_FOUR * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI_SQUARED * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const k = [0, 0, 0, 0];
  const maxk = ceil((16 * z) / PI);
  for (let j = maxk; j > 0; j--) {
    const m = 2 * j - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qpower = pow(q, 8 * j);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) {
      k[i] = k[i]! * qpower + coeffs[i]!;
    }
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) {
    k[i] = (k[i]! * q * SQRT2PI) / divisors[i]!;
  }
  q = exp(-PI_SQUARED / 2 / z2);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let j = maxk; j > 0; j--) {
    const j2 = j ** 2;
    const qpower = q ** j2;
    const jpi = PI * j;
    k2extra += j2 * qpower;
    k3extra += (sqrt3z + jpi) * (sqrt3z - jpi) * j2 * qpower;
  }
  k[2] = k[2]! + (k2extra * PI_SQUARED * SQRT2PI) / (-36 * z3);
  k[3] = k[3]! + (k3extra * PI_SQUARED * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    sum += k[i]! / pow(n, i / 2);
  }
  return sum;
}

function identity(m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    out[i * m + i] = 1;
  }
  return out;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l]!;
      if (ail === 0) {
        continue;
      }
      for (let j = 0; j < m; j++) {
        out[i * m + j] = out[i * m + j]! + ail * b[l * m + j]!;
      }
    }
  }
  return out;
}

// x · 2^e without overflowing 2^e itself for large |e|.
function ldexp(x: number, e: number): number {
  let result = x;
  let rest = e;
  while (rest > 1000) {
    result *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    result *= 2 ** -1000;
    rest += 1000;
  }
  return result * 2 ** rest;
}

function clip(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
