import { badInput, validateResourceName } from '@ferry/contracts';

/** What a route serves: the version an alias points at (followed as it moves), or a pinned version. */
export interface ModelTarget {
  alias: string | null;
  version: number | null;
}

export interface TrafficRoute extends ModelTarget {
  weight: number;
}

export interface Batching {
  maxBatchSize: number;
  maxQueueDelayMs: number;
}

/** A deployment: a name clients call, the model it serves, how traffic is split, and how it is served. */
export interface Deployment {
  id: string;
  name: string;
  modelName: string;
  /** Routes and their weights; a single route when there is no split. */
  traffic: TrafficRoute[];
  /** Gets a copy of live traffic; its answers are logged, never returned. */
  shadow: ModelTarget | null;
  batching: Batching;
  logSampleRate: number;
  /** Grows with every change, so replicas apply changes in order and ignore stale ones. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
}

export interface DeploymentInput {
  name: string;
  modelName?: string | null;
  alias?: string | null;
  version?: number | null;
  traffic?: Array<{ alias?: string | null; version?: number | null; weight: number }> | null;
  shadow?: { alias?: string | null; version?: number | null } | null;
  batching?: { maxBatchSize?: number | null; maxQueueDelayMs?: number | null } | null;
  logSampleRate?: number | null;
}

export const DEFAULT_BATCHING: Batching = { maxBatchSize: 64, maxQueueDelayMs: 2 };

/** A target from an input: exactly one of alias or version. */
export function target(field: string, input: { alias?: string | null; version?: number | null }): ModelTarget {
  const alias = input.alias ?? null;
  const version = input.version ?? null;
  if ((alias === null) === (version === null)) {
    throw badInput(`${field} needs exactly one of alias or version`, { field });
  }
  if (version !== null && (!Number.isInteger(version) || version < 1)) {
    throw badInput(`${field}.version must be a positive integer`, { field });
  }
  return { alias: alias === null ? null : validateResourceName(`${field}.alias`, alias), version };
}

/** The traffic routes of an input: `traffic` when given, else the one route of `alias` / `version`. */
export function trafficOf(input: DeploymentInput, fallback?: TrafficRoute[]): TrafficRoute[] {
  if (input.traffic !== undefined && input.traffic !== null) {
    if (input.traffic.length === 0 || input.traffic.length > 10) {
      throw badInput('traffic needs 1 to 10 routes', { field: 'traffic' });
    }
    const routes = input.traffic.map((route, i) => {
      if (!Number.isFinite(route.weight) || route.weight < 0) {
        throw badInput(`traffic[${i}].weight must be a number ≥ 0`, { field: 'traffic' });
      }
      return { ...target(`traffic[${i}]`, route), weight: route.weight };
    });
    if (routes.reduce((sum, r) => sum + r.weight, 0) <= 0) {
      throw badInput('traffic weights must not all be 0', { field: 'traffic' });
    }
    return routes;
  }
  if (input.alias !== undefined || input.version !== undefined) {
    if ((input.alias ?? null) !== null || (input.version ?? null) !== null) {
      return [{ ...target('deployment', input), weight: 1 }];
    }
  }
  if (fallback !== undefined) {
    return fallback;
  }
  throw badInput('a deployment serves an alias, a version, or a traffic split: give one', { field: 'alias' });
}

/** Batching settings within sane bounds. */
export function batchingOf(input: DeploymentInput['batching'], fallback: Batching = DEFAULT_BATCHING): Batching {
  const maxBatchSize = input?.maxBatchSize ?? fallback.maxBatchSize;
  const maxQueueDelayMs = input?.maxQueueDelayMs ?? fallback.maxQueueDelayMs;
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1 || maxBatchSize > 4096) {
    throw badInput('batching.maxBatchSize must be an integer from 1 to 4096', { field: 'batching' });
  }
  if (!Number.isFinite(maxQueueDelayMs) || maxQueueDelayMs < 0 || maxQueueDelayMs > 1000) {
    throw badInput('batching.maxQueueDelayMs must be from 0 to 1000', { field: 'batching' });
  }
  return { maxBatchSize, maxQueueDelayMs };
}

/** A sampling rate from 0 to 1. */
export function sampleRateOf(value: number | null | undefined, fallback = 1): number {
  const rate = value ?? fallback;
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw badInput('logSampleRate must be from 0 to 1', { field: 'logSampleRate' });
  }
  return rate;
}

/** Picks a route by weight; `random` in [0, 1). */
export function pickRoute<T extends { weight: number }>(routes: T[], random: number): T {
  const total = routes.reduce((sum, r) => sum + r.weight, 0);
  let point = random * total;
  for (const route of routes) {
    point -= route.weight;
    if (point < 0) {
      return route;
    }
  }
  return routes[routes.length - 1] as T;
}

/** A readable key of a target, e.g. `alias:production` or `version:3`. */
export function targetKey(t: ModelTarget): string {
  return t.alias !== null ? `alias:${t.alias}` : `version:${t.version ?? 0}`;
}
