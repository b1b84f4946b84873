import type { ModelRuntime, ModelSource, ModelVersionRef, ServableModel } from './ports';

/** A loaded model version, shared by every route that serves it. */
export interface LoadedVersion {
  readonly ref: ModelVersionRef;
  readonly model: ServableModel;
  /** Requests running on it now. */
  inflight: number;
  /** Routes holding it. */
  users: number;
  retired: boolean;
}

/**
 * Loads each model version once (fetch, verify, create the session, warm it up) and releases it when the
 * last route lets go of it and its last request has finished: a swap never cuts a request short.
 */
export class ModelPool {
  private readonly loaded = new Map<string, LoadedVersion>();
  private readonly loading = new Map<string, Promise<LoadedVersion>>();

  constructor(
    private readonly source: ModelSource,
    private readonly runtime: ModelRuntime,
  ) {}

  /** A version ready to serve (warmed up), held for the caller until `letGo`. */
  async hold(ref: ModelVersionRef): Promise<LoadedVersion> {
    const existing = this.loaded.get(ref.id);
    if (existing !== undefined && !existing.retired) {
      existing.users += 1;
      return existing;
    }
    let pending = this.loading.get(ref.id);
    if (pending === undefined) {
      pending = this.load(ref).finally(() => this.loading.delete(ref.id));
      this.loading.set(ref.id, pending);
    }
    const version = await pending;
    version.users += 1;
    return version;
  }

  /** Gives a version back; the last holder's release retires it once its requests are done. */
  letGo(version: LoadedVersion): void {
    version.users -= 1;
    if (version.users <= 0) {
      version.retired = true;
      this.loaded.delete(version.ref.id);
      this.releaseWhenIdle(version);
    }
  }

  /** Marks a request as started on a version (synchronously with picking it, so a swap cannot slip between). */
  enter(version: LoadedVersion): void {
    version.inflight += 1;
  }

  leave(version: LoadedVersion): void {
    version.inflight -= 1;
    this.releaseWhenIdle(version);
  }

  /** Versions currently loaded, for metrics and status. */
  get size(): number {
    return this.loaded.size;
  }

  private async load(ref: ModelVersionRef): Promise<LoadedVersion> {
    const bytes = await this.source.fetch(ref);
    const model = await this.runtime.load(bytes, ref);
    try {
      await model.warmUp();
    } catch (error) {
      await model.release().catch(() => undefined);
      throw error;
    }
    const version: LoadedVersion = { ref, model, inflight: 0, users: 0, retired: false };
    this.loaded.set(ref.id, version);
    return version;
  }

  private releaseWhenIdle(version: LoadedVersion): void {
    if (version.retired && version.inflight === 0 && version.users <= 0) {
      void version.model.release().catch(() => undefined);
    }
  }
}
