import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ArtifactRef, FerryClient } from '../client/client';
import type { Output } from '../command';
import { ProgressBar } from '../output/progress';

/** Streams a file to the registry, with a progress bar for files big enough to wait for (≥ 8 MiB). */
export async function uploadWithProgress(client: FerryClient, file: string, out: Output): Promise<ArtifactRef> {
  const size = fs.statSync(file).size;
  if (size < 8 * 1024 * 1024 || out.json) {
    return client.upload(file);
  }
  const bar = new ProgressBar();
  const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  try {
    return await client.upload(file, (sent) =>
      bar.update(sent / size, `uploading ${path.basename(file)} ${mib(sent)}/${mib(size)} MiB`),
    );
  } finally {
    bar.done();
  }
}
