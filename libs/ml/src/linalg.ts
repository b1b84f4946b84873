/**
 * Dense linear algebra on row-major Float64Arrays, just what the closed-form solvers need: Cholesky solves of
 * symmetric positive definite systems, and a Jacobi eigendecomposition for minimum-norm least squares when the
 * system is singular.
 */

/** Solves A x = b for symmetric positive definite A (d × d); undefined when A is not (numerically) positive definite. */
export function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array | undefined {
  const l = new Float64Array(d * d);
  let largest = 0;
  for (let i = 0; i < d; i++) {
    largest = Math.max(largest, Math.abs(a[i * d + i]!));
  }
  // A pivot this small relative to the diagonal means A is singular up to rounding: its solution would be noise.
  const threshold = largest * d * 1e-13;
  for (let j = 0; j < d; j++) {
    let diagonal = a[j * d + j]!;
    for (let k = 0; k < j; k++) {
      diagonal -= l[j * d + k]! * l[j * d + k]!;
    }
    if (!(diagonal > threshold)) {
      return undefined;
    }
    const pivot = Math.sqrt(diagonal);
    l[j * d + j] = pivot;
    for (let i = j + 1; i < d; i++) {
      let sum = a[i * d + j]!;
      for (let k = 0; k < j; k++) {
        sum -= l[i * d + k]! * l[j * d + k]!;
      }
      l[i * d + j] = sum / pivot;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) {
      sum -= l[i * d + k]! * y[k]!;
    }
    y[i] = sum / l[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < d; k++) {
      sum -= l[k * d + i]! * x[k]!;
    }
    x[i] = sum / l[i * d + i]!;
  }
  return x;
}

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major d × d) of a symmetric matrix, by cyclic Jacobi. */
export function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    v[i * d + i] = 1;
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let p = 0; p < d; p++) {
      for (let q = 0; q < d; q++) {
        const x = m[p * d + q]! * m[p * d + q]!;
        total += x;
        if (p !== q) {
          off += x;
        }
      }
    }
    if (off <= 1e-30 * total) {
      break;
    }
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        rotate(m, v, d, p, q);
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    values[i] = m[i * d + i]!;
  }
  return { values, vectors: v };
}

// One Jacobi rotation zeroing m[p][q], applied to m (both sides) and accumulated into v.
function rotate(m: Float64Array, v: Float64Array, d: number, p: number, q: number): void {
  const apq = m[p * d + q]!;
  if (apq === 0) {
    return;
  }
  const theta = (m[q * d + q]! - m[p * d + p]!) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < d; k++) {
    const mkp = m[k * d + p]!;
    const mkq = m[k * d + q]!;
    m[k * d + p] = c * mkp - s * mkq;
    m[k * d + q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < d; k++) {
    const mpk = m[p * d + k]!;
    const mqk = m[q * d + k]!;
    m[p * d + k] = c * mpk - s * mqk;
    m[q * d + k] = s * mpk + c * mqk;
  }
  for (let k = 0; k < d; k++) {
    const vkp = v[k * d + p]!;
    const vkq = v[k * d + q]!;
    v[k * d + p] = c * vkp - s * vkq;
    v[k * d + q] = s * vkp + c * vkq;
  }
}

/**
 * The minimum-norm solution of A x = b for symmetric positive semi-definite A (the normal equations of a
 * rank-deficient least squares problem): eigenvalues below a relative cut-off are treated as zero, as numpy's
 * lstsq treats small singular values.
 */
export function pseudoInverseSolve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, d);
  let largest = 0;
  for (const value of values) {
    largest = Math.max(largest, Math.abs(value));
  }
  const cutoff = largest * d * 1e-12;
  const x = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const lambda = values[k]!;
    if (lambda <= cutoff) {
      continue;
    }
    let projection = 0;
    for (let i = 0; i < d; i++) {
      projection += vectors[i * d + k]! * b[i]!;
    }
    const scale = projection / lambda;
    for (let i = 0; i < d; i++) {
      x[i] = x[i]! + scale * vectors[i * d + k]!;
    }
  }
  return x;
}
