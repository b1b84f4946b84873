import { randomUUID } from 'node:crypto';

import { ErrorCode, FerryError, notFound } from '@ferry/contracts';

import { pickRoute, targetKey, type Deployment, type ModelTarget } from './deployment';
import type { LoadedVersion, ModelPool } from './model-pool';
import type { ModelInput, ModelOutput, ModelSource, ModelVersionRef, RunOptions } from './ports';

/** One route of a live deployment: what it follows, and the version it serves now. */
class LiveRoute {
  current: LoadedVersion | undefined;
  error: string | undefined;
  /** Bumped by every switch request, so a slow load never overwrites a newer one. */
  generation = 0;
  /** Requests this route answered on this replica (for the shadow: copies it ran). */
  served = 0;

  constructor(
    readonly target: ModelTarget,
    readonly weight: number,
  ) {}
}

interface LiveDeployment {
  spec: Deployment;
  routes: LiveRoute[];
  shadow: LiveRoute | undefined;
}

/** What a prediction answers, besides the outputs. */
export interface Served {
  requestId: string;
  /** One per row. */
  predictionIds: string[];
  version: ModelVersionRef;
  output: ModelOutput;
  latencyMs: number;
}

/** A route's state, for `deployment { status }` and readiness. */
export interface RouteStatus {
  target: ModelTarget;
  weight: number;
  shadow: boolean;
  version: ModelVersionRef | null;
  error: string | null;
  /** Requests answered by this route on this replica. */
  served: number;
}

/** Told of every answer, shadow answer and failure (metrics and the prediction log listen here). */
export interface ServingObserver {
  predicted(deployment: Deployment, served: Served): void;
  /** A shadow's answer to a copy of `live`; shadows are never returned to clients. */
  shadowed(deployment: Deployment, live: Served, shadow: Served): void;
  failed(deployment: string, error: unknown, shadow: boolean): void;
}

const NO_OBSERVER: ServingObserver = { predicted: () => undefined, shadowed: () => undefined, failed: () => undefined };

/**
 * The deployments this replica serves. Routes switch atomically: a request picks its version and marks
 * itself in flight in one synchronous step, and a replaced version is released only after its last
 * request — so no request fails and none is answered by a half-loaded model.
 */
export class ServingTable {
  private readonly live = new Map<string, LiveDeployment>();

  constructor(
    private readonly pool: ModelPool,
    private readonly source: ModelSource,
    private readonly observer: ServingObserver = NO_OBSERVER,
  ) {}

  /** Starts serving a deployment, or applies a new spec; versions already loaded are reused. */
  async apply(spec: Deployment): Promise<RouteStatus[]> {
    const previous = this.live.get(spec.name);
    if (previous !== undefined && previous.spec.revision > spec.revision) {
      return this.status(spec.name);
    }
    const next: LiveDeployment = {
      spec,
      routes: spec.traffic.map((r) => new LiveRoute({ alias: r.alias, version: r.version }, r.weight)),
      shadow: spec.shadow === null ? undefined : new LiveRoute(spec.shadow, 0),
    };
    const routes = [...next.routes, ...(next.shadow === undefined ? [] : [next.shadow])];
    await Promise.all(
      routes.map(async (route) => {
        // While the new version loads (or if it fails), the route keeps what the old spec served for it.
        const before = previous === undefined ? undefined : findRoute(previous, route.target);
        if (before?.current !== undefined) {
          // The old spec still holds it until `dropRoutes`, so this cannot race with its release.
          route.current = await this.pool.hold(before.current.ref);
        }
        await this.switchRoute(spec.modelName, route);
      }),
    );
    this.live.set(spec.name, next);
    if (previous !== undefined) {
      this.dropRoutes(previous);
    }
    return this.status(spec.name);
  }

  /** Stops serving a deployment; its versions are released after their last requests. */
  remove(name: string): void {
    const previous = this.live.get(name);
    this.live.delete(name);
    if (previous !== undefined) {
      this.dropRoutes(previous);
    }
  }

  /** An alias moved: every route following it switches to the new version once that is loaded. */
  async aliasMoved(modelName: string, alias: string, to: ModelVersionRef): Promise<void> {
    const following = [...this.live.values()]
      .filter((d) => d.spec.modelName === modelName)
      .flatMap((d) => [...d.routes, ...(d.shadow === undefined ? [] : [d.shadow])])
      .filter((route) => route.target.alias === alias);
    await Promise.all(following.map((route) => this.switchRoute(modelName, route, to)));
  }

  /** Serves one request on a route picked by weight; the shadow (if any) gets a copy afterwards. */
  async predict(
    name: string,
    input: ModelInput,
    options: { outputs?: string[]; version?: number } = {},
  ): Promise<Served> {
    const deployment = this.live.get(name);
    if (deployment === undefined) {
      throw notFound(`no deployment named "${name}"`);
    }
    const candidates = deployment.routes.filter(
      (r) => r.current !== undefined && (options.version === undefined || r.current.ref.version === options.version),
    );
    if (candidates.length === 0) {
      if (options.version !== undefined) {
        throw notFound(`deployment "${name}" does not serve version ${options.version}`);
      }
      const reasons = deployment.routes.map((r) => r.error).filter((e) => e !== undefined);
      throw new FerryError(
        ErrorCode.UNAVAILABLE,
        `deployment "${name}" has no model loaded${reasons.length > 0 ? `: ${reasons.join('; ')}` : ' yet'}`,
      );
    }
    const route = pickRoute(candidates, Math.random());
    const runOptions = { outputs: options.outputs, maxBatchSize: deployment.spec.batching.maxBatchSize };
    let served: Served;
    try {
      served = await this.run(route.current as LoadedVersion, input, runOptions);
    } catch (error) {
      this.observer.failed(name, error, false);
      throw error;
    }
    route.served += 1;
    this.observer.predicted(deployment.spec, served);
    const shadowRoute = deployment.shadow;
    const shadow = shadowRoute?.current;
    if (shadowRoute !== undefined && shadow !== undefined) {
      void this.run(shadow, input, runOptions).then(
        (answer) => {
          shadowRoute.served += 1;
          this.observer.shadowed(deployment.spec, served, answer);
        },
        (error: unknown) => this.observer.failed(name, error, true),
      );
    }
    return served;
  }

  /** Every route of a deployment with the version it serves and its last loading error. */
  status(name: string): RouteStatus[] {
    const deployment = this.live.get(name);
    if (deployment === undefined) {
      return [];
    }
    const describe = (route: LiveRoute, shadow: boolean): RouteStatus => ({
      target: route.target,
      weight: route.weight,
      shadow,
      version: route.current?.ref ?? null,
      error: route.error ?? null,
      served: route.served,
    });
    return [
      ...deployment.routes.map((r) => describe(r, false)),
      ...(deployment.shadow === undefined ? [] : [describe(deployment.shadow, true)]),
    ];
  }

  /** The spec a deployment is served with, if this replica serves it. */
  spec(name: string): Deployment | undefined {
    return this.live.get(name)?.spec;
  }

  /** A version this deployment serves, for metadata (any route, or the one with that number). */
  servedModel(name: string, version?: number): LoadedVersion | undefined {
    return this.live
      .get(name)
      ?.routes.map((r) => r.current)
      .find((v) => v !== undefined && (version === undefined || v.ref.version === version));
  }

  /**
   * The version a batch job runs: the one with that number, else the live route with the most traffic;
   * NOT_FOUND / UNAVAILABLE like `predict`.
   */
  batchVersion(name: string, version?: number): ModelVersionRef {
    const deployment = this.live.get(name);
    if (deployment === undefined) {
      throw notFound(`no deployment named "${name}"`);
    }
    const loaded = [...deployment.routes]
      .sort((a, b) => b.weight - a.weight)
      .map((r) => r.current)
      .find((v) => v !== undefined && (version === undefined || v.ref.version === version));
    if (loaded === undefined) {
      throw version === undefined
        ? new FerryError(ErrorCode.UNAVAILABLE, `deployment "${name}" has no model loaded yet`)
        : notFound(`deployment "${name}" does not serve version ${version}`);
    }
    return loaded.ref;
  }

  names(): string[] {
    return [...this.live.keys()];
  }

  private async run(version: LoadedVersion, input: ModelInput, options: RunOptions): Promise<Served> {
    const started = process.hrtime.bigint();
    this.pool.enter(version);
    try {
      const output = await version.model.run(input, options);
      const requestId = randomUUID();
      return {
        requestId,
        predictionIds: Array.from({ length: output.rows }, () => randomUUID()),
        version: version.ref,
        output,
        latencyMs: Number(process.hrtime.bigint() - started) / 1e6,
      };
    } finally {
      this.pool.leave(version);
    }
  }

  /** Loads what the route should serve and swaps it in; on failure the route keeps serving what it had. */
  private async switchRoute(modelName: string, route: LiveRoute, known?: ModelVersionRef): Promise<void> {
    const generation = ++route.generation;
    let loaded: LoadedVersion;
    try {
      const ref = known ?? (await this.source.resolve(modelName, route.target));
      if (route.current?.ref.id === ref.id) {
        route.error = undefined;
        return;
      }
      loaded = await this.pool.hold(ref);
    } catch (error) {
      if (generation === route.generation) {
        route.error = `${targetKey(route.target)}: ${error instanceof Error ? error.message : String(error)}`;
      }
      return;
    }
    if (generation !== route.generation) {
      this.pool.letGo(loaded);
      return;
    }
    const old = route.current;
    route.current = loaded;
    route.error = undefined;
    if (old !== undefined) {
      this.pool.letGo(old);
    }
  }

  private dropRoutes(deployment: LiveDeployment): void {
    for (const route of [...deployment.routes, ...(deployment.shadow === undefined ? [] : [deployment.shadow])]) {
      route.generation += 1;
      if (route.current !== undefined) {
        this.pool.letGo(route.current);
        route.current = undefined;
      }
    }
  }
}

function findRoute(deployment: LiveDeployment, target: ModelTarget): LiveRoute | undefined {
  const key = targetKey(target);
  return [...deployment.routes, ...(deployment.shadow === undefined ? [] : [deployment.shadow])].find(
    (r) => targetKey(r.target) === key,
  );
}
