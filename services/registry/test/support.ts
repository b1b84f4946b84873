import * as fs from 'node:fs';
import * as path from 'node:path';

import type { FerryConfig } from '@ferry/contracts';
import { startService, type RunningService } from '@ferry/service-runtime';
import { cleanUpTest, graphql, testConfig, uniquePrefix, type GraphQLResponse, type TestDialect } from '@ferry/testing';

import { registryService } from '../src/service';

/** The shared ONNX corpus: `<repo>/../shared/onnx-corpus` (CI clones the repo beside a copy of shared/). */
export const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'onnx-corpus');

/** Every `.onnx` file of the corpus, relative to it. */
export function corpusModels(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.onnx')) {
        found.push(path.relative(CORPUS, full));
      }
    }
  };
  walk(CORPUS);
  return found.sort();
}

/** PUTs bytes to the registry's artifact endpoint. */
export async function upload(
  baseUrl: string,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { sha256?: string; size?: number; error?: { code: string; message: string } } }> {
  const response = await fetch(`${baseUrl}/artifacts`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as never };
}

/** Uploads bytes and returns their sha256, failing the test when the upload fails. */
export async function uploaded(baseUrl: string, body: Uint8Array | string): Promise<string> {
  const result = await upload(baseUrl, body);
  if (result.status !== 201 || result.body.sha256 === undefined) {
    throw new Error(`upload failed: ${result.status} ${JSON.stringify(result.body)}`);
  }
  return result.body.sha256;
}

export const VERSION_FIELDS = `id version status statusReason artifactSha256 artifactSize source
  signature { inputs { name type elementType shape } outputs { name type elementType shape } }
  opsetImports { domain version } producerName irVersion`;

export interface VersionResult {
  id: string;
  version: number;
  status: string;
  statusReason: string | null;
  artifactSha256: string;
  signature: {
    inputs: Array<{ name: string; type: string; shape: unknown }>;
    outputs: Array<{ name: string; type: string; shape: unknown }>;
  };
}

/** Registers a version through GraphQL. */
export function registerVersion(
  url: string,
  input: Record<string, unknown>,
): Promise<GraphQLResponse<{ registerModelVersion: VersionResult }>> {
  return graphql(
    url,
    `mutation R($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { ${VERSION_FIELDS} } }`,
    {
      input,
    },
  );
}

/** A registry running in this process for one test file, on its own prefix, schema and data directory. */
export interface TestRegistry {
  service: RunningService;
  /** The GraphQL endpoint of the current process (changes after `restart`). */
  url: string;
  prefix: string;
  config: FerryConfig;
  restart(): Promise<void>;
}

/** Starts a registry before the file's tests and removes all it made after them. */
export function useRegistry(label: string, dialect: TestDialect, overrides: Record<string, string> = {}): TestRegistry {
  const prefix = uniquePrefix(`${label}-${dialect}`);
  const registry = { prefix } as TestRegistry;
  beforeAll(async () => {
    registry.config = testConfig(prefix, dialect, overrides);
    registry.service = await startService(registryService, registry.config, { port: 0 });
    registry.url = `${registry.service.url}/graphql`;
    registry.restart = async () => {
      await registry.service.stop();
      registry.service = await startService(registryService, registry.config, { port: 0 });
      registry.url = `${registry.service.url}/graphql`;
    };
  });
  afterAll(async () => {
    await registry.service.stop();
    await cleanUpTest(prefix, registry.config);
  });
  return registry;
}
