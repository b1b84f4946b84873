import type { FerryConfig } from '@ferry/contracts';
import { registryService } from '@ferry/registry';
import { startService, type RunningService } from '@ferry/service-runtime';
import { cleanUpTest, graphql, testConfig, uniquePrefix, type GraphQLResponse, type TestDialect } from '@ferry/testing';

import { createTrainingService } from '../src/service';
import type { TrainingSettings } from '../src/settings';

/** Settings that make tests quick: a dead worker's run comes back after 2 s. */
export const TEST_SETTINGS: Partial<TrainingSettings> = {
  ackWaitMs: 2000,
  progressIntervalMs: 200,
  scheduleIntervalMs: 3_600_000,
};

/** A registry and a training service for one test file, on their own prefix, schema and data directory. */
export interface TestPlatform {
  prefix: string;
  config: FerryConfig;
  registry: RunningService;
  training: RunningService;
  /** The training GraphQL endpoint. */
  url: string;
  registryUrl: string;
  /** Starts another training process (in this one) on the same prefix and database. */
  replica(settings?: Partial<TrainingSettings>): Promise<RunningService>;
}

export function usePlatform(
  label: string,
  dialect: TestDialect,
  options: { env?: Record<string, string>; settings?: Partial<TrainingSettings>; startTraining?: boolean } = {},
): TestPlatform {
  const platform = { prefix: uniquePrefix(`${label}-${dialect}`) } as TestPlatform;
  const replicas: RunningService[] = [];
  beforeAll(async () => {
    platform.config = testConfig(platform.prefix, dialect, { FERRY_AUTH: 'off', ...options.env });
    platform.registry = await startService(registryService, platform.config, { port: 0 });
    platform.config.ports.registry = platform.registry.port;
    platform.registryUrl = `${platform.registry.url}/graphql`;
    if (options.startTraining !== false) {
      platform.training = await startService(
        createTrainingService({ ...TEST_SETTINGS, ...options.settings }),
        platform.config,
        { port: 0 },
      );
      platform.url = `${platform.training.url}/graphql`;
    }
    platform.replica = async (settings = {}) => {
      const replica = await startService(
        createTrainingService({ ...TEST_SETTINGS, ...options.settings, ...settings }),
        platform.config,
        { port: 0 },
      );
      replicas.push(replica);
      return replica;
    };
  });
  afterAll(async () => {
    for (const replica of replicas) {
      await replica.stop();
    }
    await platform.training?.stop();
    await platform.registry?.stop();
    await cleanUpTest(platform.prefix, platform.config);
  });
  return platform;
}

/** Throws with the errors when a GraphQL answer has any; returns its data. */
export function ok<T>(response: GraphQLResponse<T>): T {
  if (response.errors !== undefined || response.data === null || response.data === undefined) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/** Uploads a CSV and registers it as the next version of a dataset (publishing registry.dataset.version.created). */
export async function registerDataset(
  platform: TestPlatform,
  datasetName: string,
  csv: string,
): Promise<{ id: string; version: number }> {
  const upload = await fetch(`${platform.registry.url}/artifacts`, { method: 'PUT', body: csv });
  const { sha256 } = (await upload.json()) as { sha256: string };
  const data = ok(
    await graphql<{ registerDatasetVersion: { id: string; version: number } }>(
      platform.registryUrl,
      'mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id version } }',
      { i: { datasetName, artifactSha256: sha256, format: 'csv' } },
    ),
  );
  return data.registerDatasetVersion;
}

export const RUN_FIELDS = `id state trigger pipelineName attempts worker error cancelRequested logs
  triggeredBy { kind detail } coalescedTriggers { kind }
  datasetVersionId datasetVersionNumber metrics decision modelVersion { id modelName version }
  progress { phase trial trials iteration loss }
  trials { number params state metrics score trainingLoss error }`;

export interface RunShape {
  id: string;
  state: string;
  trigger: string;
  pipelineName: string;
  attempts: number;
  worker: string | null;
  error: string | null;
  cancelRequested: boolean;
  logs: string;
  triggeredBy: { kind: string; detail: Record<string, unknown> };
  coalescedTriggers: Array<{ kind: string }>;
  datasetVersionId: string | null;
  datasetVersionNumber: number | null;
  metrics: Record<string, number> | null;
  decision: {
    promoted: boolean;
    reason: string;
    policy: string;
    challengerScore: number;
    championScore: number | null;
    championVersion: number | null;
  } | null;
  modelVersion: { id: string; modelName: string; version: number } | null;
  progress: { phase: string; trial: number | null; trials: number | null };
  trials: Array<{
    number: number;
    params: Record<string, unknown>;
    state: string;
    metrics: Record<string, number>;
    score: number | null;
    error: string | null;
  }>;
}

export async function createPipeline(platform: TestPlatform, input: Record<string, unknown>, url = platform.url) {
  return graphql<{ createPipeline: { id: string; name: string } }>(
    url,
    'mutation($i: CreatePipelineInput!) { createPipeline(input: $i) { id name } }',
    { i: input },
  );
}

export async function updatePipeline(platform: TestPlatform, input: Record<string, unknown>) {
  return ok(
    await graphql<{ updatePipeline: { revision: number } }>(
      platform.url,
      'mutation($i: UpdatePipelineInput!) { updatePipeline(input: $i) { revision } }',
      { i: input },
    ),
  );
}

export async function triggerRun(platform: TestPlatform, pipeline: string, url = platform.url): Promise<RunShape> {
  const data = ok(
    await graphql<{ triggerTrainingRun: RunShape }>(
      url,
      `mutation($p: String!) { triggerTrainingRun(pipeline: $p) { ${RUN_FIELDS} } }`,
      { p: pipeline },
    ),
  );
  return data.triggerTrainingRun;
}

export async function getRun(platform: TestPlatform, id: string, url = platform.url): Promise<RunShape> {
  const data = ok(
    await graphql<{ trainingRun: RunShape }>(url, `query($id: ID!) { trainingRun(id: $id) { ${RUN_FIELDS} } }`, {
      id,
    }),
  );
  return data.trainingRun;
}

export async function runsOf(platform: TestPlatform, pipeline: string): Promise<RunShape[]> {
  const data = ok(
    await graphql<{ trainingRuns: { nodes: RunShape[] } }>(
      platform.url,
      `query($p: String!) { trainingRuns(pipeline: $p) { nodes { ${RUN_FIELDS} } } }`,
      { p: pipeline },
    ),
  );
  return data.trainingRuns.nodes;
}

/** Polls until `check` passes (or the deadline), answering the last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Waits for a run to reach a final state. */
export function finished(platform: TestPlatform, id: string, timeoutMs = 30_000): Promise<RunShape> {
  return eventually(
    () => getRun(platform, id),
    (run) => ['succeeded', 'failed', 'cancelled'].includes(run.state),
    timeoutMs,
  );
}

/** The version an alias of a model points at in the registry (null when unset). */
export async function aliasVersion(platform: TestPlatform, model: string, alias: string): Promise<number | null> {
  const response = await graphql<{ model: { alias: { version: number } | null } | null }>(
    platform.registryUrl,
    'query($m: String!, $a: String!) { model(name: $m) { alias(name: $a) { version } } }',
    { m: model, a: alias },
  );
  return response.data?.model?.alias?.version ?? null;
}

/** A seeded uniform generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A classification table: `yes`/`no` from a logistic model of x1, x2 and color (a few x1 missing); `noise` carries
 * no signal, so a model of `noise` alone is much worse than one of every column.
 */
export function classificationCsv(rows: number, seed: number): string {
  const next = random(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const lines = ['x1,x2,color,noise,label'];
  const colors = ['red', 'green', 'blue'];
  for (let i = 0; i < rows; i++) {
    const x1 = normal();
    const x2 = normal();
    const color = colors[Math.floor(next() * 3)]!;
    const logit = 3 * x1 - 2.5 * x2 + (color === 'red' ? 1.5 : -0.5);
    const label = 1 / (1 + Math.exp(-logit)) > next() ? 'yes' : 'no';
    const shown = i % 50 === 7 ? '' : x1.toFixed(4);
    lines.push(`${shown},${x2.toFixed(4)},${color},${next().toFixed(4)},${label}`);
  }
  return `${lines.join('\n')}\n`;
}
