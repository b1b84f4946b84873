import { minimizeLbfgs, type Objective } from '../lbfgs';
import type { Progress } from './progress';

// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and these run per row.
const { exp, log, log1p } = Math;

/** Hyperparameters of logistic regression (all resolved). */
export interface LogisticParams {
  /** Inverse L2 strength as scikit-learn's C: minimizes Σ log loss + ‖W‖² / (2C); Infinity for no penalty. */
  C: number;
  /** L-BFGS iterations at most. */
  maxIterations: number;
  /** Stop when every gradient component of the mean objective is at most this. */
  tolerance: number;
}

/**
 * Fitted logistic regression in the prepared space. Binary: one row of coefficients, for the second class
 * (p = σ(w·x + b)). Multinomial: one row per class, softmax over the rows (scikit-learn's symmetric form).
 */
export interface LogisticFit {
  classCount: number;
  /** rows × width, row-major; rows = 1 for two classes, classCount otherwise. */
  coefficients: Float64Array;
  intercepts: Float64Array;
  iterations: number;
  converged: boolean;
  /** Final objective: mean log loss + ‖W‖² / (2 C n). */
  loss: number;
}

/**
 * Fits binary (sigmoid) or multinomial (softmax) logistic regression with an L2 penalty on the coefficients, not on
 * the intercepts, by L-BFGS on the mean objective (scikit-learn's lbfgs solver, same optimum).
 */
export function fitLogistic(
  x: Float64Array,
  width: number,
  labels: Int32Array,
  classCount: number,
  params: LogisticParams,
  onProgress: Progress,
): LogisticFit {
  const n = labels.length;
  const rows = classCount === 2 ? 1 : classCount;
  const penalty = Number.isFinite(params.C) ? 1 / (params.C * n) : 0;
  const objective =
    classCount === 2
      ? binaryObjective(x, width, labels, penalty)
      : softmaxObjective(x, width, labels, classCount, penalty);
  const result = minimizeLbfgs(objective, new Float64Array(rows * (width + 1)), {
    tolerance: params.tolerance,
    maxIterations: params.maxIterations,
    onIteration: onProgress,
  });
  return {
    classCount,
    coefficients: result.x.slice(0, rows * width),
    intercepts: result.x.slice(rows * width),
    iterations: result.iterations,
    converged: result.converged,
    loss: result.value,
  };
}

/** Class probabilities, n × classCount row-major, columns in class order. */
export function logisticProbabilities(fit: LogisticFit, x: Float64Array, width: number): Float64Array {
  const n = width === 0 ? 0 : x.length / width;
  const k = fit.classCount;
  const out = new Float64Array(n * k);
  const logits = new Float64Array(fit.intercepts.length);
  for (let i = 0; i < n; i++) {
    linear(fit.coefficients, fit.intercepts, x, i * width, width, logits);
    if (k === 2) {
      const p = 1 / (1 + exp(-logits[0]!));
      out[i * 2] = 1 - p;
      out[i * 2 + 1] = p;
    } else {
      softmax(logits, out, i * k);
    }
  }
  return out;
}

// logits[r] = coefficients[r] · x[row] + intercepts[r]
function linear(
  coefficients: Float64Array,
  intercepts: Float64Array,
  x: Float64Array,
  start: number,
  width: number,
  logits: Float64Array,
): void {
  for (let r = 0; r < intercepts.length; r++) {
    let z = intercepts[r]!;
    const base = r * width;
    for (let j = 0; j < width; j++) {
      z += coefficients[base + j]! * x[start + j]!;
    }
    logits[r] = z;
  }
}

// Writes softmax(logits) at out[offset…]; returns log Σ exp(logits) (stable).
function softmax(logits: Float64Array, out: Float64Array, offset: number): number {
  let largest = Number.NEGATIVE_INFINITY;
  for (const z of logits) {
    largest = z > largest ? z : largest;
  }
  let sum = 0;
  for (let r = 0; r < logits.length; r++) {
    const e = exp(logits[r]! - largest);
    out[offset + r] = e;
    sum += e;
  }
  for (let r = 0; r < logits.length; r++) {
    out[offset + r] = out[offset + r]! / sum;
  }
  return largest + log(sum);
}

function binaryObjective(x: Float64Array, width: number, labels: Int32Array, penalty: number): Objective {
  const n = labels.length;
  return (theta: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    const b = theta[width]!;
    for (let i = 0; i < n; i++) {
      const start = i * width;
      let z = b;
      for (let j = 0; j < width; j++) {
        z += theta[j]! * x[start + j]!;
      }
      const y = labels[i]!;
      // log(1 + e^z) − y z, without overflow
      loss += (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - y * z;
      const residual = 1 / (1 + exp(-z)) - y;
      for (let j = 0; j < width; j++) {
        gradient[j] = gradient[j]! + residual * x[start + j]!;
      }
      gradient[width] = gradient[width]! + residual;
    }
    let squares = 0;
    for (let j = 0; j < width; j++) {
      squares += theta[j]! * theta[j]!;
      gradient[j] = gradient[j]! / n + penalty * theta[j]!;
    }
    gradient[width] = gradient[width]! / n;
    return loss / n + 0.5 * penalty * squares;
  };
}

function softmaxObjective(x: Float64Array, width: number, labels: Int32Array, k: number, penalty: number): Objective {
  const n = labels.length;
  const logits = new Float64Array(k);
  const probabilities = new Float64Array(k);
  return (theta: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    const coefficients = theta.subarray(0, k * width);
    const intercepts = theta.subarray(k * width);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const start = i * width;
      linear(coefficients, intercepts, x, start, width, logits);
      const y = labels[i]!;
      loss += softmax(logits, probabilities, 0) - logits[y]!;
      for (let r = 0; r < k; r++) {
        const residual = probabilities[r]! - (r === y ? 1 : 0);
        const base = r * width;
        for (let j = 0; j < width; j++) {
          gradient[base + j] = gradient[base + j]! + residual * x[start + j]!;
        }
        gradient[k * width + r] = gradient[k * width + r]! + residual;
      }
    }
    let squares = 0;
    for (let j = 0; j < k * width; j++) {
      squares += theta[j]! * theta[j]!;
      gradient[j] = gradient[j]! / n + penalty * theta[j]!;
    }
    for (let r = 0; r < k; r++) {
      gradient[k * width + r] = gradient[k * width + r]! / n;
    }
    return loss / n + 0.5 * penalty * squares;
  };
}
