import type { Random } from '../random';
import type { Progress } from './progress';

/** Hyperparameters of k-means (all resolved). */
export interface KMeansParams {
  /** Number of clusters. */
  k: number;
  /** Restarts from different k-means++ seedings; the one of least inertia is kept. */
  nInit: number;
  /** Lloyd iterations at most per restart. */
  maxIterations: number;
  /** Converged when the centres move (sum of squared shifts) by at most tolerance × the mean feature variance. */
  tolerance: number;
}

/** Fitted k-means in the prepared space. */
export interface KMeansFit {
  /** k × width, row-major. */
  centers: Float64Array;
  k: number;
  /** Sum of squared distances of the training rows to their centre. */
  inertia: number;
  /** Lloyd iterations of the kept restart. */
  iterations: number;
}

/**
 * Lloyd's k-means from greedy k-means++ seedings (2 + ⌊ln k⌋ candidates per centre, as scikit-learn), nInit
 * restarts, keeping the least inertia. An empty cluster is moved to the row farthest from its centre. Progress
 * reports every Lloyd iteration of every restart, numbered across restarts, with the current inertia.
 */
export function fitKMeans(
  x: Float64Array,
  width: number,
  params: KMeansParams,
  random: Random,
  onProgress: Progress,
): KMeansFit {
  const n = x.length / width;
  const threshold = params.tolerance * meanVariance(x, n, width);
  let best: KMeansFit | undefined;
  let counter = 0;
  for (let run = 0; run < params.nInit; run++) {
    const centers = seedCenters(x, n, width, params.k, random);
    const labels = new Int32Array(n);
    const distances = new Float64Array(n);
    let iterations = 0;
    let inertia = assign(x, n, width, centers, params.k, labels, distances);
    while (iterations < params.maxIterations) {
      const shift = updateCenters(x, n, width, centers, params.k, labels, distances);
      inertia = assign(x, n, width, centers, params.k, labels, distances);
      iterations++;
      onProgress(++counter, inertia);
      if (shift <= threshold) {
        break;
      }
    }
    if (best === undefined || inertia < best.inertia) {
      best = { centers, k: params.k, inertia, iterations };
    }
  }
  return best!;
}

/** Squared Euclidean distances of every row to every centre, n × k row-major. */
export function squaredDistances(x: Float64Array, width: number, centers: Float64Array, k: number): Float64Array {
  const n = width === 0 ? 0 : x.length / width;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      out[i * k + c] = squaredDistance(x, i * width, centers, c * width, width);
    }
  }
  return out;
}

function squaredDistance(a: Float64Array, aStart: number, b: Float64Array, bStart: number, width: number): number {
  let sum = 0;
  for (let j = 0; j < width; j++) {
    const diff = a[aStart + j]! - b[bStart + j]!;
    sum += diff * diff;
  }
  return sum;
}

function meanVariance(x: Float64Array, n: number, width: number): number {
  let total = 0;
  for (let j = 0; j < width; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) {
      mean += x[i * width + j]!;
    }
    mean /= n;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      squares += (x[i * width + j]! - mean) ** 2;
    }
    total += squares / n;
  }
  return width === 0 ? 0 : total / width;
}

// Greedy k-means++: each new centre is the best of a few candidates drawn with probability ∝ D².
function seedCenters(x: Float64Array, n: number, width: number, k: number, random: Random): Float64Array {
  const centers = new Float64Array(k * width);
  const trials = 2 + Math.floor(Math.log(k));
  let chosen = random.int(n);
  centers.set(x.subarray(chosen * width, (chosen + 1) * width), 0);
  const closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = squaredDistance(x, i * width, x, chosen * width, width);
    potential += closest[i]!;
  }
  const candidate = new Float64Array(n);
  const bestClosest = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestPotential = Number.POSITIVE_INFINITY;
    for (let t = 0; t < trials; t++) {
      const pick = sampleProportional(closest, potential, random);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const distance = squaredDistance(x, i * width, x, pick * width, width);
        candidate[i] = distance < closest[i]! ? distance : closest[i]!;
        sum += candidate[i]!;
      }
      if (sum < bestPotential) {
        bestPotential = sum;
        chosen = pick;
        bestClosest.set(candidate);
      }
    }
    centers.set(x.subarray(chosen * width, (chosen + 1) * width), c * width);
    closest.set(bestClosest);
    potential = bestPotential;
  }
  return centers;
}

function sampleProportional(weights: Float64Array, total: number, random: Random): number {
  if (!(total > 0)) {
    return random.int(weights.length);
  }
  let target = random.next() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]!;
    if (target < 0) {
      return i;
    }
  }
  // Rounding left a sliver past the last weight: take the last row that has any.
  for (let i = weights.length - 1; i >= 0; i--) {
    if (weights[i]! > 0) {
      return i;
    }
  }
  return weights.length - 1;
}

// Nearest centre of each row (first on ties); returns the inertia.
function assign(
  x: Float64Array,
  n: number,
  width: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  distances: Float64Array,
): number {
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let nearest = 0;
    let nearestDistance = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const d = squaredDistance(x, i * width, centers, c * width, width);
      if (d < nearestDistance) {
        nearestDistance = d;
        nearest = c;
      }
    }
    labels[i] = nearest;
    distances[i] = nearestDistance;
    inertia += nearestDistance;
  }
  return inertia;
}

// Moves each centre to the mean of its rows; returns the sum of squared shifts.
function updateCenters(
  x: Float64Array,
  n: number,
  width: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  distances: Float64Array,
): number {
  const sums = new Float64Array(k * width);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    counts[c] = counts[c]! + 1;
    for (let j = 0; j < width; j++) {
      sums[c * width + j] = sums[c * width + j]! + x[i * width + j]!;
    }
  }
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) {
      // An empty cluster takes the row farthest from its centre, which then no longer counts as far.
      let farthest = 0;
      for (let i = 1; i < n; i++) {
        if (distances[i]! > distances[farthest]!) {
          farthest = i;
        }
      }
      distances[farthest] = 0;
      sums.set(x.subarray(farthest * width, (farthest + 1) * width), c * width);
      counts[c] = 1;
    }
  }
  let shift = 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < width; j++) {
      const next = sums[c * width + j]! / counts[c]!;
      shift += (next - centers[c * width + j]!) ** 2;
      centers[c * width + j] = next;
    }
  }
  return shift;
}
