import { createHash } from 'node:crypto';

import { ErrorCode, FerryError } from '@ferry/contracts';

import type { Champion, ModelRegistry } from '../domain/ports';
import type { RegisteredVersion } from '../domain/run';
import type { PeerClient } from '@ferry/service-runtime';

interface VersionAnswer {
  id: string;
  version: number;
  modelName: string;
  status: string;
  statusReason: string | null;
  source: string;
  artifactSha256: string;
}

const FIELDS = 'id version modelName status statusReason source artifactSha256';

/** Models through the registry's API: uploads to `PUT /artifacts`, registration and aliases by GraphQL. */
export class RegistryModels implements ModelRegistry {
  constructor(private readonly registry: PeerClient) {}

  async findBySource(modelName: string, source: string): Promise<RegisteredVersion | undefined> {
    // A run registers at most one version, and only recently: the newest versions are enough to look at.
    const body = await this.registry.graphql<{ model: { versions: { nodes: VersionAnswer[] } } | null }>(
      `query($m: String!) { model(name: $m) { versions(first: 50) { nodes { ${FIELDS} } } } }`,
      { m: modelName },
    );
    const found = body.model?.versions.nodes.find((v) => v.source === source && v.status === 'READY');
    return found === undefined ? undefined : { id: found.id, modelName: found.modelName, version: found.version };
  }

  async register(request: Parameters<ModelRegistry['register']>[0]): Promise<RegisteredVersion> {
    await this.ensureModel(request.modelName);
    const sha256 = await this.upload(request.onnx);
    const body = await this.registry.graphql<{ registerModelVersion: VersionAnswer }>(
      `mutation($i: RegisterModelVersionInput!) { registerModelVersion(input: $i) { ${FIELDS} } }`,
      {
        i: {
          modelName: request.modelName,
          artifactSha256: sha256,
          metrics: request.metrics,
          params: finiteJson(request.params),
          datasetVersionId: request.datasetVersionId,
          source: request.source,
          description: request.description,
          tags: ['ferry-training'],
        },
      },
      { passThrough: [ErrorCode.BAD_USER_INPUT, ErrorCode.INVALID_ARTIFACT], timeoutMs: 10 * 60 * 1000 },
    );
    const version = body.registerModelVersion;
    if (version.status !== 'READY') {
      throw new FerryError(
        ErrorCode.INVALID_ARTIFACT,
        `the registry refused version ${version.version}: ${version.status} ${version.statusReason ?? ''}`.trim(),
      );
    }
    return { id: version.id, modelName: version.modelName, version: version.version };
  }

  async champion(modelName: string, alias: string): Promise<Champion | null> {
    const body = await this.registry.graphql<{ model: { entry: VersionAnswer | null } | null }>(
      `query($m: String!, $a: String!) { model(name: $m) { entry: alias(name: $a) { ${FIELDS} } } }`,
      { m: modelName, a: alias },
    );
    const entry = body.model?.entry;
    if (entry === null || entry === undefined) {
      return null;
    }
    return { id: entry.id, version: entry.version, onnx: await this.download(entry.artifactSha256) };
  }

  async setAlias(modelName: string, alias: string, version: number): Promise<void> {
    await this.registry.graphql(
      'mutation($m: String!, $a: String!, $v: Int!) { setModelAlias(input: { modelName: $m, alias: $a, version: $v }) { version } }',
      { m: modelName, a: alias, v: version },
      { passThrough: [ErrorCode.CONFLICT, ErrorCode.BAD_USER_INPUT] },
    );
  }

  private async ensureModel(name: string): Promise<void> {
    const found = await this.registry.graphql<{ model: { id: string } | null }>(
      'query($m: String!) { model(name: $m) { id } }',
      { m: name },
    );
    if (found.model !== null) {
      return;
    }
    try {
      await this.registry.graphql(
        'mutation($m: String!) { createModel(input: { name: $m, description: "Trained by Ferry" }) { id } }',
        { m: name },
        { passThrough: [ErrorCode.CONFLICT] },
      );
    } catch (error) {
      // Another worker created it between the look-up and the creation.
      if (!(error instanceof FerryError && error.code === ErrorCode.CONFLICT)) {
        throw error;
      }
    }
  }

  private async upload(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const response = await this.registry.call(this.registry.url('/artifacts'), {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', 'x-ferry-sha256': sha256 },
      body: bytes,
    });
    const body = (await response.json().catch(() => ({}))) as { sha256?: string; error?: { message?: string } };
    if (response.status !== 201 || body.sha256 !== sha256) {
      throw new FerryError(
        ErrorCode.UNAVAILABLE,
        `the registry refused the model upload (${response.status}): ${body.error?.message ?? 'no reason'}`,
      );
    }
    return sha256;
  }

  private async download(hash: string): Promise<Uint8Array> {
    const response = await this.registry.call(this.registry.url(`/artifacts/${hash}`), { method: 'GET' });
    if (!response.ok) {
      throw new FerryError(ErrorCode.UNAVAILABLE, `the registry answered ${response.status} for artifact ${hash}`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== hash) {
      throw new FerryError(ErrorCode.INVALID_ARTIFACT, `artifact ${hash} arrived as ${actual}`);
    }
    return bytes;
  }
}

/** JSON cannot carry Infinity (logistic regression's C without penalty): it is sent as the string "Infinity". */
function finiteJson(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? String(v) : v]),
  );
}
