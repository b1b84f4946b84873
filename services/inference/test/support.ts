import * as fs from 'node:fs';
import * as path from 'node:path';

import type { FerryConfig } from '@ferry/contracts';
import { registryService } from '@ferry/registry';
import { startService, type RunningService } from '@ferry/service-runtime';
import { cleanUpTest, graphql, testConfig, uniquePrefix, type TestDialect } from '@ferry/testing';

import { inferenceService } from '../src/service';

/** The shared ONNX corpus: `<repo>/../shared/onnx-corpus`. */
export const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'onnx-corpus');

/** A registry and an inference replica for one test file, on their own prefix, schema and data directory. */
export interface TestPlatform {
  prefix: string;
  config: FerryConfig;
  registry: RunningService;
  inference: RunningService;
  /** The inference GraphQL endpoint. */
  url: string;
  /** The registry GraphQL endpoint. */
  registryUrl: string;
  /** Starts another inference replica on the same prefix and database. */
  replica(): Promise<RunningService>;
}

export function usePlatform(
  label: string,
  dialect: TestDialect = 'sqlite',
  /** Configuration to add, read when the platform starts (e.g. a private NATS_URL). */
  env: () => Record<string, string> = () => ({}),
): TestPlatform {
  const platform = { prefix: uniquePrefix(`${label}-${dialect}`) } as TestPlatform;
  const replicas: RunningService[] = [];
  beforeAll(async () => {
    platform.config = testConfig(platform.prefix, dialect, env());
    platform.registry = await startService(registryService, platform.config, { port: 0 });
    platform.config.ports.registry = platform.registry.port;
    platform.inference = await startService(inferenceService, platform.config, { port: 0 });
    platform.url = `${platform.inference.url}/graphql`;
    platform.registryUrl = `${platform.registry.url}/graphql`;
    platform.replica = async () => {
      const replica = await startService(inferenceService, platform.config, { port: 0 });
      replicas.push(replica);
      return replica;
    };
  });
  afterAll(async () => {
    for (const replica of replicas) {
      await replica.stop();
    }
    await platform.inference.stop();
    await platform.registry.stop();
    await cleanUpTest(platform.prefix, platform.config);
  });
  return platform;
}

/** Registers an ONNX file as the next version of a model (creating the model), answering the version number. */
export async function registerModel(platform: TestPlatform, modelName: string, file: string): Promise<number> {
  await graphql(platform.registryUrl, 'mutation($n: String!) { createModel(input: { name: $n }) { id } }', {
    n: modelName,
  });
  const upload = await fetch(`${platform.registry.url}/artifacts`, { method: 'PUT', body: fs.readFileSync(file) });
  const { sha256 } = (await upload.json()) as { sha256: string };
  const registered = await graphql<{
    registerModelVersion: { version: number; status: string; statusReason: string | null };
  }>(
    platform.registryUrl,
    'mutation($i: RegisterModelVersionInput!) { registerModelVersion(input: $i) { version status statusReason } }',
    { i: { modelName, artifactSha256: sha256 } },
  );
  if (registered.data === null || registered.data === undefined) {
    throw new Error(`registration failed: ${JSON.stringify(registered.errors)}`);
  }
  return registered.data.registerModelVersion.version;
}

/** Points an alias at a version in the registry. */
export async function setAlias(
  platform: TestPlatform,
  modelName: string,
  alias: string,
  version: number,
): Promise<void> {
  const result = await graphql(
    platform.registryUrl,
    'mutation($m: String!, $a: String!, $v: Int!) { setModelAlias(input: { modelName: $m, alias: $a, version: $v }) { version } }',
    { m: modelName, a: alias, v: version },
  );
  if (result.errors !== undefined) {
    throw new Error(`setModelAlias failed: ${JSON.stringify(result.errors)}`);
  }
}

/** Creates a deployment through the inference GraphQL API. */
export function createDeployment(platform: TestPlatform, input: Record<string, unknown>) {
  return graphql<{
    createDeployment: { name: string; status: Array<{ servingVersion: number | null; error: string | null }> };
  }>(
    platform.url,
    'mutation($i: DeploymentInput!) { createDeployment(input: $i) { name status { alias servingVersion error served shadow weight } } }',
    { i: input },
  );
}

/** POSTs a V2 infer request. */
export async function v2Infer(baseUrl: string, deployment: string, body: unknown, version?: number) {
  const route = version === undefined ? '' : `/versions/${version}`;
  const response = await fetch(`${baseUrl}/v2/models/${encodeURIComponent(deployment)}${route}/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The iris random forest (a ZipMap classifier) registered, aliased `production` and deployed as `iris`. */
export async function deployIris(platform: TestPlatform): Promise<number> {
  const file = path.join(CORPUS, 'classic-ml', 'sklearn_randomforest_iris_zipmap_6rows', 'model.onnx');
  const version = await registerModel(platform, 'iris', file);
  await setAlias(platform, 'iris', 'production', version);
  const created = await createDeployment(platform, { name: 'iris', modelName: 'iris', alias: 'production' });
  if (created.errors !== undefined) {
    throw new Error(`deployment failed: ${JSON.stringify(created.errors)}`);
  }
  return version;
}
