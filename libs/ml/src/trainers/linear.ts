import { choleskySolve, pseudoInverseSolve } from '../linalg';
import type { Progress } from './progress';

/** Fitted linear model in the prepared space: prediction = coefficients · x + intercept. */
export interface LinearFit {
  coefficients: Float64Array;
  intercept: number;
  /** How the normal equations were solved: Cholesky, or the minimum-norm solution when X is rank-deficient (OLS only). */
  solver: 'cholesky' | 'minimum_norm';
  /** Mean squared error on the training rows. */
  loss: number;
}

/**
 * Ridge regression in closed form: centres X and y so the intercept is not penalized, then solves
 * (XcᵀXc + alpha·I) w = Xcᵀyc by Cholesky; intercept = ȳ − x̄·w. alpha = 0 is ordinary least squares, and when X is
 * rank-deficient (e.g. a one-hot block beside the intercept) its minimum-norm solution, as numpy's lstsq gives.
 */
export function fitLinear(
  x: Float64Array,
  width: number,
  y: Float64Array,
  alpha: number,
  onProgress: Progress,
): LinearFit {
  const n = y.length;
  const d = width;
  const means = new Float64Array(d);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    yMean += y[i]!;
    for (let j = 0; j < d; j++) {
      means[j] = means[j]! + x[i * d + j]!;
    }
  }
  yMean /= n;
  for (let j = 0; j < d; j++) {
    means[j] = means[j]! / n;
  }
  const gram = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      row[j] = x[i * d + j]! - means[j]!;
    }
    const yc = y[i]! - yMean;
    for (let j = 0; j < d; j++) {
      const xj = row[j]!;
      rhs[j] = rhs[j]! + xj * yc;
      for (let k = j; k < d; k++) {
        gram[j * d + k] = gram[j * d + k]! + xj * row[k]!;
      }
    }
  }
  for (let j = 0; j < d; j++) {
    gram[j * d + j] = gram[j * d + j]! + alpha;
    for (let k = j + 1; k < d; k++) {
      gram[k * d + j] = gram[j * d + k]!;
    }
  }
  let solver: LinearFit['solver'] = 'cholesky';
  let coefficients = choleskySolve(gram, rhs, d);
  if (coefficients === undefined) {
    solver = 'minimum_norm';
    coefficients = pseudoInverseSolve(gram, rhs, d);
  }
  let intercept = yMean;
  for (let j = 0; j < d; j++) {
    intercept -= means[j]! * coefficients[j]!;
  }
  const fit: LinearFit = { coefficients, intercept, solver, loss: 0 };
  const predictions = linearPredictions(fit, x, d);
  let squares = 0;
  for (let i = 0; i < n; i++) {
    squares += (predictions[i]! - y[i]!) ** 2;
  }
  fit.loss = squares / n;
  onProgress(1, fit.loss);
  return fit;
}

/** Predictions for an n × width prepared matrix. */
export function linearPredictions(fit: LinearFit, x: Float64Array, width: number): Float64Array {
  const n = width === 0 ? 0 : x.length / width;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = fit.intercept;
    for (let j = 0; j < width; j++) {
      sum += fit.coefficients[j]! * x[i * width + j]!;
    }
    out[i] = sum;
  }
  return out;
}
