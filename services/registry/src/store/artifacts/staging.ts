import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

import { badInput, ErrorCode, FerryError } from '@ferry/contracts';

import type { ArtifactRef } from '../../domain/artifact';

/**
 * Streams an upload into a temporary file in `dir`, hashing and counting as it goes, never holding more
 * than a chunk in memory. Past `maxBytes`, or when the hash differs from the promised one, the file is
 * removed and the upload refused.
 */
export async function stageUpload(
  body: AsyncIterable<Uint8Array>,
  dir: string,
  options: { maxBytes: number; expectedSha256?: string },
): Promise<ArtifactRef & { file: string }> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > options.maxBytes) {
        callback(
          new FerryError(ErrorCode.PAYLOAD_TOO_LARGE, `artifact exceeds the limit of ${options.maxBytes} bytes`),
        );
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, fs.createWriteStream(file, { flags: 'wx' }));
    const sha256 = hash.digest('hex');
    if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) {
      throw badInput(`the bytes hash to ${sha256}, not the promised ${options.expectedSha256}`, { field: 'sha256' });
    }
    return { sha256, size, file };
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw error;
  }
}

/** Removes staging files older than `maxAgeMs` left by a crash mid-upload. */
export function sweepStaging(dir: string, maxAgeMs: number): void {
  if (!fs.existsSync(dir)) {
    return;
  }
  const cutoff = Date.now() - maxAgeMs;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (fs.statSync(file).mtimeMs < cutoff) {
      fs.rmSync(file, { force: true });
    }
  }
}
