// Drift statistics where the current window (and optionally the reference) is a QuantileSketch, for windows too
// large to keep. The estimated CDF of a sketch, rank(x)/n, is within ε of the true one at every point and only
// changes at the sketch's points; between two consecutive points the true CDF moves by less than 2ε (the GK
// invariant g + Δ ≤ 2εn). So |estimated − true| ≤ 3ε everywhere, which bounds both statistics below.
import { ksStatistic, type QuantileSketch } from '@ferry/statistics';
import { DriftInputError } from './errors';
import { ksPValue, type KsResult } from './ks';
import { finiteSorted, populationStd, type Side } from './samples';
import { WASSERSTEIN_MIN_NORM, type WassersteinResult } from './wasserstein';

// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and these run per value.
const { abs, max } = Math;

/** A K-S test whose statistic is known within maxStatisticError of the exact one. */
export interface SketchKsResult extends KsResult {
  maxStatisticError: number;
}

/** A normed Wasserstein distance known within the stated errors of the exact one. */
export interface SketchWassersteinResult extends WassersteinResult {
  maxDistanceError: number;
  maxStatisticError: number;
}

/** Options of wassersteinNormSketch. */
export interface SketchWassersteinOptions {
  /** Population std (ddof = 0) of the reference; required when the reference is a sketch. */
  referenceStd?: number;
}

// One side of a comparison: its estimated CDF, the points where that changes, and its CDF error bound.
interface Distribution {
  count: number;
  points: ArrayLike<number>;
  cdf: (x: number) => number;
  error: number;
}

/**
 * K-S test of raw reference values (or a sketch) against a sketch of the current window. The statistic is the largest
 * gap between the CDFs at the reference values and the sketch points: within 3ε of the exact D for a raw reference
 * (ε the current sketch's epsilon, 0 while the sketch is still exact, ε·n < 1), within 4·max(ε) for two sketches
 * (@ferry/statistics ksStatistic). The p-value is computed from that statistic with the real sizes, as ks_2samp would.
 */
export function ksTestSketch(reference: ArrayLike<number> | QuantileSketch, current: QuantileSketch): SketchKsResult {
  requireCount(current, 'current');
  if (isSketch(reference)) {
    requireCount(reference, 'reference');
    const d = ksStatistic(reference, current);
    const maxStatisticError = 4 * max(sketchError(reference), sketchError(current));
    return { ...ksPValue(d, reference.count, current.count), maxStatisticError };
  }
  const ref = rawDistribution(reference);
  const cur = sketchDistribution(current);
  let d = 0;
  for (const side of [ref, cur]) {
    for (let i = 0; i < side.points.length; i++) {
      const x = side.points[i]!;
      d = max(d, abs(ref.cdf(x) - cur.cdf(x)));
    }
  }
  return { ...ksPValue(d, ref.count, current.count), maxStatisticError: 3 * cur.error };
}

/**
 * Evidently's normed Wasserstein distance with the current window (and optionally the reference) as a sketch:
 * ∫ |F_ref − F_cur| dx over the merged points, divided by max(reference std, 0.001). The distance is within
 * 3·(ε_ref + ε_cur)·(max − min) of the exact W1 (ε_ref = 0 for raw values; max, min over both samples).
 */
export function wassersteinNormSketch(
  reference: ArrayLike<number> | QuantileSketch,
  current: QuantileSketch,
  options: SketchWassersteinOptions = {},
): SketchWassersteinResult {
  requireCount(current, 'current');
  let ref: Distribution;
  let std: number;
  if (isSketch(reference)) {
    requireCount(reference, 'reference');
    if (options.referenceStd === undefined) {
      throw new DriftInputError('a sketched reference needs referenceStd (population std, ddof = 0)');
    }
    ref = sketchDistribution(reference);
    std = options.referenceStd;
  } else {
    ref = rawDistribution(reference);
    std = options.referenceStd ?? populationStd(ref.points);
  }
  const cur = sketchDistribution(current);
  const points = mergePoints(ref.points, cur.points);
  let distance = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const x = points[i]!;
    distance += abs(ref.cdf(x) - cur.cdf(x)) * (points[i + 1]! - x);
  }
  const norm = max(std, WASSERSTEIN_MIN_NORM);
  const span = points.length === 0 ? 0 : points[points.length - 1]! - points[0]!;
  const maxDistanceError = 3 * (ref.error + cur.error) * span;
  return { statistic: distance / norm, distance, norm, maxDistanceError, maxStatisticError: maxDistanceError / norm };
}

function isSketch(x: ArrayLike<number> | QuantileSketch): x is QuantileSketch {
  return typeof (x as QuantileSketch).rank === 'function';
}

function requireCount(sketch: QuantileSketch, side: Side): void {
  if (sketch.count === 0) {
    throw new DriftInputError(`the ${side} sketch is empty`);
  }
}

// The sketch answers exactly until compression starts (2εn < 2); after that, within ε ranks.
function sketchError(sketch: QuantileSketch): number {
  return sketch.epsilon * sketch.count < 1 ? 0 : sketch.epsilon;
}

function sketchDistribution(sketch: QuantileSketch): Distribution {
  const n = sketch.count;
  return { count: n, points: sketch.points(), cdf: (x) => sketch.rank(x) / n, error: sketchError(sketch) };
}

function rawDistribution(values: ArrayLike<number>): Distribution {
  const sorted = finiteSorted(values, 'reference');
  const n = sorted.length;
  const cdf = (x: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo / n;
  };
  return { count: n, points: sorted, cdf, error: 0 };
}

function mergePoints(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out.sort();
}
