import * as fs from 'node:fs';
import { Readable } from 'node:stream';

import type { ObjectStore } from 'nats';

import type { ArtifactRef, ArtifactStore } from '../../domain/artifact';
import { SHA256_PATTERN } from '../../domain/artifact';
import { stageUpload, sweepStaging } from './staging';

/**
 * Artifacts in the NATS JetStream Object Store (bucket `<PREFIX>_ARTIFACTS`), named by sha256. The object's
 * name is only known once the bytes are hashed, so uploads are staged in a local file first (bounded
 * memory), then streamed into the bucket.
 */
export class NatsArtifactStore implements ArtifactStore {
  constructor(
    private readonly bucket: ObjectStore,
    private readonly stagingDir: string,
  ) {
    sweepStaging(stagingDir, 60 * 60 * 1000);
  }

  async put(
    body: AsyncIterable<Uint8Array>,
    options: { maxBytes: number; expectedSha256?: string },
  ): Promise<ArtifactRef> {
    const staged = await stageUpload(body, this.stagingDir, options);
    try {
      const existing = await this.bucket.info(staged.sha256);
      if (existing === null || existing.deleted) {
        const stream = Readable.toWeb(fs.createReadStream(staged.file, { highWaterMark: 128 * 1024 }));
        await this.bucket.put({ name: staged.sha256 }, stream as ReadableStream<Uint8Array>);
      }
      return { sha256: staged.sha256, size: staged.size };
    } finally {
      fs.rmSync(staged.file, { force: true });
    }
  }

  async stat(sha256: string): Promise<ArtifactRef | undefined> {
    if (!SHA256_PATTERN.test(sha256)) {
      return undefined;
    }
    const info = await this.bucket.info(sha256);
    return info === null || info.deleted ? undefined : { sha256, size: info.size };
  }

  async open(sha256: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    if ((await this.stat(sha256)) === undefined) {
      return undefined;
    }
    const result = await this.bucket.get(sha256);
    if (result === null) {
      return undefined;
    }
    return Readable.fromWeb(result.data as Parameters<typeof Readable.fromWeb>[0]);
  }

  async delete(sha256: string): Promise<void> {
    if ((await this.stat(sha256)) !== undefined) {
      await this.bucket.delete(sha256);
    }
  }

  async *list(): AsyncIterable<{ sha256: string; storedAt: Date }> {
    for (const info of await this.bucket.list()) {
      if (!info.deleted && SHA256_PATTERN.test(info.name)) {
        yield { sha256: info.name, storedAt: new Date(info.mtime) };
      }
    }
  }
}
