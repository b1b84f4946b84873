import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ArtifactRef, ArtifactStore } from '../../domain/artifact';
import { SHA256_PATTERN } from '../../domain/artifact';
import { stageUpload, sweepStaging } from './staging';

/**
 * Artifacts as files under `<root>/<first two hex>/<sha256>`. Uploads are written to `<root>/.staging`
 * and renamed into place once hashed and flushed, so a crash never leaves a partial file under a real name.
 */
export class FsArtifactStore implements ArtifactStore {
  private readonly staging: string;

  constructor(private readonly root: string) {
    this.staging = path.join(root, '.staging');
    sweepStaging(this.staging, 60 * 60 * 1000);
  }

  async put(
    body: AsyncIterable<Uint8Array>,
    options: { maxBytes: number; expectedSha256?: string },
  ): Promise<ArtifactRef> {
    const staged = await stageUpload(body, this.staging, options);
    const target = this.pathOf(staged.sha256);
    if (fs.existsSync(target)) {
      fs.rmSync(staged.file, { force: true });
      return { sha256: staged.sha256, size: staged.size };
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const handle = fs.openSync(staged.file, 'r');
    try {
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    fs.renameSync(staged.file, target);
    return { sha256: staged.sha256, size: staged.size };
  }

  async stat(sha256: string): Promise<ArtifactRef | undefined> {
    if (!SHA256_PATTERN.test(sha256)) {
      return undefined;
    }
    try {
      return { sha256, size: fs.statSync(this.pathOf(sha256)).size };
    } catch {
      return undefined;
    }
  }

  async open(sha256: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    if ((await this.stat(sha256)) === undefined) {
      return undefined;
    }
    return fs.createReadStream(this.pathOf(sha256), { highWaterMark: 256 * 1024 });
  }

  async delete(sha256: string): Promise<void> {
    if (SHA256_PATTERN.test(sha256)) {
      fs.rmSync(this.pathOf(sha256), { force: true });
    }
  }

  async *list(): AsyncIterable<{ sha256: string; storedAt: Date }> {
    if (!fs.existsSync(this.root)) {
      return;
    }
    for (const shard of fs.readdirSync(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) {
        continue;
      }
      for (const name of fs.readdirSync(path.join(this.root, shard))) {
        if (SHA256_PATTERN.test(name)) {
          yield { sha256: name, storedAt: fs.statSync(path.join(this.root, shard, name)).mtime };
        }
      }
    }
  }

  private pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }
}
