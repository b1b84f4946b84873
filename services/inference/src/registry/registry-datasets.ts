import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { ErrorCode, FerryError, notFound, type FerryConfig } from '@ferry/contracts';

import type { BatchOutput, DatasetSource, DatasetVersionRef } from '../domain/ports';
import { PeerClient } from '@ferry/service-runtime';

const VERSION_FIELDS = 'id version datasetName artifactSha256 format rowCount schema { name }';

interface RegistryDatasetVersion {
  id: string;
  version: number;
  datasetName: string;
  artifactSha256: string;
  format: 'csv' | 'jsonl';
  rowCount: number;
  schema: Array<{ name: string }>;
}

/**
 * Datasets through the registry's API: versions described by GraphQL, read by streaming `GET /artifacts/<sha256>`,
 * outputs staged in FERRY_DATA_DIR/batch-output, streamed to `PUT /artifacts` and registered with their lineage.
 */
export class RegistryDatasets implements DatasetSource {
  private readonly registry: PeerClient;
  private readonly outputDir: string;

  constructor(config: FerryConfig) {
    this.registry = new PeerClient('registry', config);
    this.outputDir = path.join(config.dataDir, 'batch-output');
  }

  async describe(datasetVersionId: string): Promise<DatasetVersionRef> {
    const body = await this.registry.graphql<{ datasetVersion: RegistryDatasetVersion | null }>(
      `query($id: ID!) { datasetVersion(id: $id) { ${VERSION_FIELDS} } }`,
      { id: datasetVersionId },
    );
    const v = body.datasetVersion;
    if (v === null) {
      throw notFound(`no dataset version with id ${datasetVersionId}`);
    }
    return { ...v, columns: v.schema.map((c) => c.name) };
  }

  async *open(ref: DatasetVersionRef): AsyncIterable<Uint8Array> {
    // No deadline on the whole body: a large dataset streams for as long as the job reads it.
    const response = await this.registry.call(this.registry.url(`/artifacts/${ref.artifactSha256}`), {}, 2 ** 31 - 1);
    if (!response.ok || response.body === null) {
      throw new FerryError(
        ErrorCode.UNAVAILABLE,
        `the registry answered ${response.status} for dataset artifact ${ref.artifactSha256}`,
      );
    }
    yield* Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]) as AsyncIterable<Uint8Array>;
  }

  async createOutput(jobId: string, format: 'csv' | 'jsonl'): Promise<BatchOutput> {
    fs.mkdirSync(this.outputDir, { recursive: true });
    return new StagedOutput(path.join(this.outputDir, `${jobId}.${format}`), format, this.registry);
  }
}

/** A job's output file, written with backpressure, then uploaded and registered (and always removed). */
class StagedOutput implements BatchOutput {
  private readonly stream: fs.WriteStream;
  /** A write error (disk full…), raised by the next write or register instead of crashing the process. */
  private failure: Error | undefined;

  constructor(
    private readonly file: string,
    private readonly format: 'csv' | 'jsonl',
    private readonly registry: PeerClient,
  ) {
    this.stream = fs.createWriteStream(file);
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  async write(text: string): Promise<void> {
    this.check();
    if (!this.stream.write(text)) {
      await once(this.stream, 'drain');
    }
  }

  async register(lineage: Parameters<BatchOutput['register']>[0]): Promise<{ id: string; version: number }> {
    this.check();
    this.stream.end();
    await once(this.stream, 'finish');
    try {
      const sha256 = await this.upload();
      const body = await this.registry.graphql<{ registerDatasetVersion: { id: string; version: number } }>(
        `mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id version } }`,
        {
          input: {
            datasetName: lineage.datasetName,
            artifactSha256: sha256,
            format: this.format,
            description: `Predictions of ${lineage.producedBy} over ${lineage.source.datasetName} v${lineage.source.version}`,
            derivedFrom: {
              sourceDatasetVersionId: lineage.source.id,
              modelVersionId: lineage.modelVersionId,
              producedBy: lineage.producedBy,
            },
          },
        },
        {
          passThrough: [ErrorCode.BAD_USER_INPUT, ErrorCode.INVALID_ARTIFACT, ErrorCode.NOT_FOUND],
          // The registry profiles the whole file (two streaming passes) before it answers.
          timeoutMs: 60 * 60 * 1000,
        },
      );
      return body.registerDatasetVersion;
    } finally {
      fs.rmSync(this.file, { force: true });
    }
  }

  private check(): void {
    if (this.failure !== undefined) {
      throw new FerryError(ErrorCode.UNAVAILABLE, `writing the predictions failed: ${this.failure.message}`, {
        cause: this.failure,
      });
    }
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    fs.rmSync(this.file, { force: true });
  }

  /** Streams the file to `PUT /artifacts` (node:http: a body of any size, never held in memory). */
  private async upload(): Promise<string> {
    const url = new URL(this.registry.url('/artifacts'));
    const size = fs.statSync(this.file).size;
    const request = http.request(url, {
      method: 'PUT',
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': size,
        ...this.registry.identityHeaders(),
      },
    });
    const answered = once(request, 'response') as Promise<[http.IncomingMessage]>;
    try {
      await pipeline(fs.createReadStream(this.file), request);
    } catch (error) {
      throw new FerryError(ErrorCode.UNAVAILABLE, `uploading the predictions to the registry failed`, { cause: error });
    }
    const [response] = await answered;
    let text = '';
    for await (const chunk of response) {
      text += String(chunk);
    }
    const body = JSON.parse(text) as { sha256?: string; error?: { message: string } };
    if (response.statusCode !== 201 || body.sha256 === undefined) {
      throw new FerryError(
        ErrorCode.UNAVAILABLE,
        `the registry refused the predictions (${response.statusCode}): ${body.error?.message ?? text}`,
      );
    }
    return body.sha256;
  }
}
