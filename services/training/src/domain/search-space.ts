import { Random } from '@ferry/ml';

import type { ParamRange, SearchSpec } from './pipeline';

/** The hyperparameters of each trial of a run: the trainer's params, overridden by each point of the search. */
export function trialParams(
  base: Record<string, unknown>,
  search: SearchSpec | null,
  seed: number,
): Array<Record<string, unknown>> {
  if (search === null) {
    return [{ ...base }];
  }
  const points = search.strategy === 'grid' ? gridPoints(search) : randomPoints(search, seed);
  return points.map((point) => ({ ...base, ...point }));
}

/** The grid's points in order (the last parameter varies fastest), at most the trial budget. */
function gridPoints(search: SearchSpec): Array<Record<string, unknown>> {
  const entries = Object.entries(search.space).map(([name, values]) => [name, values as unknown[]] as const);
  const points: Array<Record<string, unknown>> = [];
  const size = gridSize(search.space);
  for (let index = 0; index < Math.min(size, search.trials); index++) {
    const point: Record<string, unknown> = {};
    let rest = index;
    for (let i = entries.length - 1; i >= 0; i--) {
      const [name, values] = entries[i]!;
      point[name] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    points.push(Object.fromEntries(entries.map(([name]) => [name, point[name]])));
  }
  return points;
}

/** `trials` points drawn with the validation seed: lists uniformly, ranges uniformly (or log-uniformly). */
function randomPoints(search: SearchSpec, seed: number): Array<Record<string, unknown>> {
  const random = new Random(seed);
  return Array.from({ length: search.trials }, () =>
    Object.fromEntries(
      Object.entries(search.space).map(([name, domain]) => {
        if (Array.isArray(domain)) {
          return [name, domain[random.int(domain.length)]];
        }
        return [name, draw(domain, random)];
      }),
    ),
  );
}

function draw(range: ParamRange, random: Random): number {
  const u = random.next();
  const value = range.log
    ? Math.exp(Math.log(range.min) + u * (Math.log(range.max) - Math.log(range.min)))
    : range.min + u * (range.max - range.min);
  return range.integer ? Math.min(range.max, Math.max(range.min, Math.round(value))) : value;
}

/** How many points a grid has (Infinity when a dimension is a range, which grids refuse). */
export function gridSize(space: SearchSpec['space']): number {
  let size = 1;
  for (const domain of Object.values(space)) {
    size *= Array.isArray(domain) ? domain.length : Number.POSITIVE_INFINITY;
  }
  return size;
}
