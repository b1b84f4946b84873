/** A smooth objective: writes the gradient at x into `gradient` and returns the value. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Options of minimizeLbfgs. */
export interface LbfgsOptions {
  /** Stop when every component of the gradient is at most this in absolute value. */
  tolerance: number;
  maxIterations: number;
  /** Correction pairs kept; 10 by default. */
  memory?: number;
  onIteration?: (iteration: number, value: number) => void;
}

/** Where minimizeLbfgs stopped. */
export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  /** True when the gradient tolerance was reached. */
  converged: boolean;
}

const ARMIJO = 1e-4;
const CURVATURE = 0.9;
const MAX_LINE_SEARCH = 50;

/**
 * Limited-memory BFGS from x0, with a bisection line search for the weak Wolfe conditions. The sufficient decrease
 * test allows for rounding in the objective, so near the optimum — where values differ by less than their
 * rounding — the curvature test (on exact-enough gradients) decides alone and the iteration still converges.
 * Iterates stay in the span of x0 and the gradients, which keeps over-parametrized problems (softmax intercepts) on
 * the solution nearest x0, as scikit-learn's L-BFGS does.
 */
export function minimizeLbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const memory = options.memory ?? 10;
  let x: Float64Array = Float64Array.from(x0);
  let gradient: Float64Array = new Float64Array(n);
  let value = objective(x, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const rhos: number[] = [];
  const direction = new Float64Array(n);
  const alphas = new Float64Array(memory);
  let iteration = 0;
  while (iteration < options.maxIterations) {
    if (maxAbs(gradient) <= options.tolerance) {
      return { x, value, iterations: iteration, converged: true };
    }
    twoLoop(gradient, steps, changes, rhos, alphas, direction);
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Not a descent direction (rounding): restart from steepest descent.
      steps.length = changes.length = rhos.length = 0;
      for (let i = 0; i < n; i++) {
        direction[i] = -gradient[i]!;
      }
      slope = dot(gradient, direction);
    }
    const first = steps.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const found = lineSearch(objective, x, value, slope, direction, first);
    if (found === undefined) {
      return { x, value, iterations: iteration, converged: false };
    }
    iteration++;
    const step = new Float64Array(n);
    const change = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      step[i] = found.x[i]! - x[i]!;
      change[i] = found.gradient[i]! - gradient[i]!;
    }
    const curvature = dot(step, change);
    if (curvature > 1e-16 * dot(change, change)) {
      if (steps.length === memory) {
        steps.shift();
        changes.shift();
        rhos.shift();
      }
      steps.push(step);
      changes.push(change);
      rhos.push(1 / curvature);
    }
    x = found.x;
    gradient = found.gradient;
    value = found.value;
    options.onIteration?.(iteration, value);
  }
  return { x, value, iterations: iteration, converged: maxAbs(gradient) <= options.tolerance };
}

interface Point {
  x: Float64Array;
  gradient: Float64Array;
  value: number;
}

function lineSearch(
  objective: Objective,
  x: Float64Array,
  value: number,
  slope: number,
  direction: Float64Array,
  first: number,
): Point | undefined {
  const n = x.length;
  const noise = 1e-13 * Math.max(1, Math.abs(value));
  let low = 0;
  let high = Number.POSITIVE_INFINITY;
  let alpha = first;
  for (let trial = 0; trial < MAX_LINE_SEARCH; trial++) {
    const candidate = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      candidate[i] = x[i]! + alpha * direction[i]!;
    }
    const gradient = new Float64Array(n);
    const trialValue = objective(candidate, gradient);
    if (!(trialValue <= value + ARMIJO * alpha * slope + noise)) {
      high = alpha;
    } else if (dot(gradient, direction) < CURVATURE * slope) {
      low = alpha;
    } else {
      return { x: candidate, gradient, value: trialValue };
    }
    alpha = Number.isFinite(high) ? (low + high) / 2 : 2 * low;
  }
  return undefined;
}

function twoLoop(
  gradient: Float64Array,
  steps: Float64Array[],
  changes: Float64Array[],
  rhos: number[],
  alphas: Float64Array,
  out: Float64Array,
): void {
  const n = gradient.length;
  for (let i = 0; i < n; i++) {
    out[i] = -gradient[i]!;
  }
  for (let k = steps.length - 1; k >= 0; k--) {
    const alpha = rhos[k]! * dot(steps[k]!, out);
    alphas[k] = alpha;
    axpy(-alpha, changes[k]!, out);
  }
  const last = steps.length - 1;
  if (last >= 0) {
    const change = changes[last]!;
    const gamma = dot(steps[last]!, change) / dot(change, change);
    for (let i = 0; i < n; i++) {
      out[i] = out[i]! * gamma;
    }
  }
  for (let k = 0; k < steps.length; k++) {
    const beta = rhos[k]! * dot(changes[k]!, out);
    axpy(alphas[k]! - beta, steps[k]!, out);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    sum += a[i]! * b[i]!;
  }
  return sum;
}

function axpy(scale: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) {
    y[i] = y[i]! + scale * x[i]!;
  }
}

function maxAbs(a: Float64Array): number {
  let largest = 0;
  for (const x of a) {
    const magnitude = x < 0 ? -x : x;
    largest = magnitude > largest ? magnitude : largest;
  }
  return largest;
}
