import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import { conflict, ErrorCode, FerryError, notFound, type FerryConfig } from '@ferry/contracts';
import type { ObjectStore } from 'nats';

import type { ModelTarget } from '../domain/deployment';
import type { ModelSource, ModelVersionRef } from '../domain/ports';
import { PeerClient } from '@ferry/service-runtime';

const VERSION_FIELDS = 'id version artifactSha256 status statusReason';

interface RegistryVersion {
  id: string;
  version: number;
  artifactSha256: string;
  status: string;
  statusReason: string | null;
}

/**
 * Resolves model targets by asking the registry's GraphQL API (no service reads another's tables), and
 * fetches artifacts from the registry's `GET /artifacts/<sha256>` or the NATS object store, verifying the
 * sha256 and keeping a local cache in FERRY_DATA_DIR/model-cache.
 */
export class RegistryModelSource implements ModelSource {
  private readonly cacheDir: string;
  private readonly registry: PeerClient;

  constructor(
    private readonly config: FerryConfig,
    /** The registry's object store bucket, when FERRY_ARTIFACT_STORE=nats. */
    private readonly bucket: ObjectStore | undefined,
  ) {
    this.cacheDir = path.join(config.dataDir, 'model-cache');
    this.registry = new PeerClient('registry', config);
  }

  async resolve(modelName: string, target: ModelTarget): Promise<ModelVersionRef> {
    const query =
      target.alias !== null
        ? `query($m: String!, $a: String!) { model(name: $m) { entry: alias(name: $a) { ${VERSION_FIELDS} } } }`
        : `query($m: String!, $v: Int!) { model(name: $m) { entry: version(number: $v) { ${VERSION_FIELDS} } } }`;
    const body = await this.registry.graphql<{ model: { entry: RegistryVersion | null } | null }>(query, {
      m: modelName,
      a: target.alias,
      v: target.version,
    });
    const entry = body.model?.entry;
    const what = target.alias !== null ? `alias "${target.alias}"` : `version ${target.version}`;
    if (body.model === null || body.model === undefined) {
      throw notFound(`no model named "${modelName}" in the registry`);
    }
    if (entry === null || entry === undefined) {
      throw notFound(`model "${modelName}" has no ${what}`);
    }
    if (entry.status !== 'READY') {
      const reason = entry.statusReason === null ? '' : `: ${entry.statusReason}`;
      throw conflict(`model "${modelName}" ${what} is version ${entry.version}, which is ${entry.status}${reason}`);
    }
    return { id: entry.id, modelName, version: entry.version, artifactSha256: entry.artifactSha256 };
  }

  async fetch(ref: ModelVersionRef): Promise<Uint8Array> {
    const cached = path.join(this.cacheDir, `${ref.artifactSha256}.onnx`);
    if (fs.existsSync(cached)) {
      const bytes = fs.readFileSync(cached);
      if (sha256(bytes) === ref.artifactSha256) {
        return bytes;
      }
      fs.rmSync(cached, { force: true });
    }
    const bytes = await this.download(ref.artifactSha256);
    const actual = sha256(bytes);
    if (actual !== ref.artifactSha256) {
      throw new FerryError(
        ErrorCode.INVALID_ARTIFACT,
        `artifact ${ref.artifactSha256} arrived as ${actual}: refusing it`,
      );
    }
    fs.mkdirSync(this.cacheDir, { recursive: true });
    const temporary = path.join(this.cacheDir, `.${randomUUID()}.part`);
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, cached);
    return bytes;
  }

  private async download(hash: string): Promise<Buffer> {
    if (this.bucket !== undefined) {
      const result = await this.bucket.get(hash);
      if (result === null) {
        throw notFound(`artifact ${hash} is not in the object store`);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of Readable.fromWeb(result.data as Parameters<typeof Readable.fromWeb>[0])) {
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    }
    const response = await this.registry.call(this.registry.url(`/artifacts/${hash}`), { method: 'GET' });
    if (response.status === 404) {
      throw notFound(`artifact ${hash} is not in the registry`);
    }
    if (!response.ok) {
      throw new FerryError(ErrorCode.UNAVAILABLE, `the registry answered ${response.status} for artifact ${hash}`);
    }
    return Buffer.from(await response.arrayBuffer());
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
