import { ErrorCode, FerryError, notFound } from '@ferry/contracts';

import { readAll, type ArtifactRef, type ArtifactStore } from './artifact';
import type { ArtifactIndex } from './ports';
import { sha256 } from './validation';

export interface ArtifactPolicy {
  maxBytes: number;
  /** Unreferenced uploads younger than this are kept (a registration may be on its way). */
  gcGraceSeconds: number;
}

/** Uploads, downloads and garbage collection of artifacts, over a byte store and the artifacts table. */
export class ArtifactLibrary {
  constructor(
    private readonly store: ArtifactStore,
    private readonly index: ArtifactIndex,
    private readonly policy: ArtifactPolicy,
  ) {}

  /** Stores an upload streamed from the client; identical bytes are stored once. */
  async upload(
    body: AsyncIterable<Uint8Array>,
    promise: { sha256?: string | undefined; size?: number | undefined } = {},
  ): Promise<ArtifactRef> {
    const expected = promise.sha256 === undefined ? undefined : sha256('sha256', promise.sha256);
    if (promise.size !== undefined && promise.size > this.policy.maxBytes) {
      throw new FerryError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        `artifact of ${promise.size} bytes exceeds the limit of ${this.policy.maxBytes}`,
      );
    }
    const ref = await this.store.put(body, { maxBytes: this.policy.maxBytes, expectedSha256: expected });
    await this.index.recordUpload(ref, new Date());
    return ref;
  }

  /** An uploaded artifact by sha256, or undefined. */
  async find(hash: string): Promise<ArtifactRef | undefined> {
    const ref = await this.index.get(hash.toLowerCase());
    return ref === undefined ? undefined : { sha256: ref.sha256, size: ref.size };
  }

  /** An uploaded artifact, or NOT_FOUND naming it. */
  async require(field: string, hash: string): Promise<ArtifactRef> {
    const checked = sha256(field, hash);
    const ref = await this.find(checked);
    if (ref === undefined) {
      throw notFound(`no artifact with sha256 ${checked} has been uploaded (PUT /artifacts first)`);
    }
    return ref;
  }

  async open(hash: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    return this.store.open(hash.toLowerCase());
  }

  /** A fresh stream of the bytes each call (datasets are read twice: types, then histograms). */
  reader(hash: string): () => AsyncIterable<Uint8Array> {
    const open = (): Promise<AsyncIterable<Uint8Array> | undefined> => this.open(hash);
    return () =>
      (async function* () {
        const stream = await open();
        if (stream === undefined) {
          throw notFound(`artifact ${hash} is gone from the store`);
        }
        yield* stream;
      })();
  }

  async readAll(hash: string): Promise<Buffer> {
    const stream = await this.open(hash);
    if (stream === undefined) {
      throw notFound(`artifact ${hash} is gone from the store`);
    }
    return readAll(stream);
  }

  /**
   * Deletes uploads that no model or dataset version references once they are older than the grace
   * period, and bytes in the store that the table does not know (left by a crash between the two).
   */
  async collectGarbage(now = new Date()): Promise<string[]> {
    const cutoff = new Date(now.getTime() - this.policy.gcGraceSeconds * 1000);
    const deleted: string[] = [];
    for (const hash of await this.index.unreferencedBefore(cutoff)) {
      if (await this.index.forgetIfUnreferenced(hash, cutoff)) {
        await this.store.delete(hash);
        deleted.push(hash);
      }
    }
    for await (const stored of this.store.list()) {
      if (stored.storedAt < cutoff && (await this.index.get(stored.sha256)) === undefined) {
        await this.store.delete(stored.sha256);
        deleted.push(stored.sha256);
      }
    }
    return deleted;
  }
}
