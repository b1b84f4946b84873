import type { FerryConfig } from '@ferry/contracts';
import { inferenceService } from '@ferry/inference';
import { parseTable, Random, train } from '@ferry/ml';
import { registryService } from '@ferry/registry';
import { startService, type RunningService } from '@ferry/service-runtime';
import { cleanUpTest, graphql, testConfig, uniquePrefix, type TestDialect } from '@ferry/testing';

import { monitoringService } from '../src/service';

export const FEATURES = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5'];

/** Registry, inference and monitoring for one test file, on their own prefix, schema and data directory. */
export interface MonitoringPlatform {
  prefix: string;
  config: FerryConfig;
  registry: RunningService;
  inference: RunningService;
  monitoring: RunningService;
  /** Monitoring's GraphQL endpoint. */
  url: string;
  restartMonitoring(): Promise<void>;
}

export function useMonitoringPlatform(label: string, dialect: TestDialect = 'sqlite'): MonitoringPlatform {
  const platform = { prefix: uniquePrefix(`${label}-${dialect}`) } as MonitoringPlatform;
  beforeAll(async () => {
    platform.config = testConfig(platform.prefix, dialect);
    platform.registry = await startService(registryService, platform.config, { port: 0 });
    platform.config.ports.registry = platform.registry.port;
    platform.inference = await startService(inferenceService, platform.config, { port: 0 });
    platform.config.ports.inference = platform.inference.port;
    platform.monitoring = await startService(monitoringService, platform.config, { port: 0 });
    platform.config.ports.monitoring = platform.monitoring.port;
    platform.url = `${platform.monitoring.url}/graphql`;
    platform.restartMonitoring = async () => {
      await platform.monitoring.stop();
      platform.monitoring = await startService(monitoringService, platform.config, { port: 0 });
      platform.url = `${platform.monitoring.url}/graphql`;
    };
  });
  afterAll(async () => {
    await platform.monitoring.stop();
    await platform.inference.stop();
    await platform.registry.stop();
    await cleanUpTest(platform.prefix, platform.config);
  });
  return platform;
}

/** Rows of six standard normal features (the first `shifted` of them moved by `shift`), seeded. */
export function rows(count: number, seed: number, options: { shifted?: number; shift?: number } = {}) {
  const random = new Random(seed);
  return Array.from({ length: count }, () =>
    Object.fromEntries(
      FEATURES.map((name, j) => [
        name,
        Math.fround(random.normal() + (j < (options.shifted ?? 0) ? (options.shift ?? 0) : 0)),
      ]),
    ),
  );
}

/** The label of a row under the generating model (a noisy linear rule), seeded. */
export function labelOf(row: Record<string, number>, noise: number): number {
  return (row.f0 ?? 0) + 0.5 * (row.f1 ?? 0) - 0.5 * (row.f3 ?? 0) + noise > 0 ? 1 : 0;
}

async function upload(platform: MonitoringPlatform, body: Uint8Array | string): Promise<string> {
  const response = await fetch(`${platform.registry.url}/artifacts`, { method: 'PUT', body });
  return ((await response.json()) as { sha256: string }).sha256;
}

async function registry<T>(platform: MonitoringPlatform, query: string, variables: Record<string, unknown>) {
  const result = await graphql<T>(`${platform.registry.url}/graphql`, query, variables);
  if (result.errors !== undefined) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.data as T;
}

/**
 * The training dataset (1000 rows + label) registered, a logistic regression trained on it with @ferry/ml and
 * registered with that lineage, aliased `production`, deployed as `deployment`.
 */
export async function deployTrainedModel(platform: MonitoringPlatform, deployment: string): Promise<void> {
  const random = new Random(99);
  const training = rows(1000, 1).map((row) => ({ ...row, label: labelOf(row, random.normal() * 0.5) }));
  const csv = [
    [...FEATURES, 'label'].join(','),
    ...training.map((r) => [...FEATURES, 'label'].map((c) => r[c as keyof typeof r]).join(',')),
  ].join('\n');
  const dataset = await registry<{ registerDatasetVersion: { id: string } }>(
    platform,
    'mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }',
    { i: { datasetName: `${deployment}-training`, artifactSha256: await upload(platform, csv) } },
  );
  const model = train({
    table: parseTable(csv),
    target: 'label',
    trainer: { type: 'logistic_regression', params: {} },
    seed: 1,
  });
  await registry(platform, 'mutation($n: String!) { createModel(input: { name: $n }) { id } }', { n: deployment });
  const version = await registry<{ registerModelVersion: { version: number; status: string } }>(
    platform,
    'mutation($i: RegisterModelVersionInput!) { registerModelVersion(input: $i) { version status } }',
    {
      i: {
        modelName: deployment,
        artifactSha256: await upload(platform, model.onnx),
        datasetVersionId: dataset.registerDatasetVersion.id,
      },
    },
  );
  await registry(
    platform,
    'mutation($m: String!, $v: Int!) { setModelAlias(input: { modelName: $m, alias: "production", version: $v }) { version } }',
    { m: deployment, v: version.registerModelVersion.version },
  );
  const created = await graphql(
    `${platform.inference.url}/graphql`,
    'mutation($i: DeploymentInput!) { createDeployment(input: $i) { name } }',
    { i: { name: deployment, modelName: deployment, alias: 'production' } },
  );
  if (created.errors !== undefined) {
    throw new Error(JSON.stringify(created.errors));
  }
}

/** Predicts rows through inference's GraphQL API in requests of `perRequest`; answers every prediction id. */
export async function predict(
  platform: MonitoringPlatform,
  deployment: string,
  all: Array<Record<string, number>>,
  perRequest = 50,
  answers: Array<Record<string, unknown>> = [],
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < all.length; i += perRequest) {
    const answer = await graphql<{ predict: { predictionIds: string[]; rows: Array<Record<string, unknown>> } }>(
      `${platform.inference.url}/graphql`,
      'mutation($d: String!, $i: JSON!) { predict(deployment: $d, inputs: $i) { predictionIds rows } }',
      { d: deployment, i: all.slice(i, i + perRequest) },
    );
    if (answer.errors !== undefined) {
      throw new Error(JSON.stringify(answer.errors));
    }
    ids.push(...(answer.data?.predict.predictionIds ?? []));
    answers.push(...(answer.data?.predict.rows ?? []));
  }
  return ids;
}

/** Waits until `check` holds (polling), or fails after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
