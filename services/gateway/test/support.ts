import { connect, type NatsConnection } from 'nats';
import type { FerryConfig } from '@ferry/contracts';
import { inferenceService } from '@ferry/inference';
import { parseTable, Random, train } from '@ferry/ml';
import { monitoringService } from '@ferry/monitoring';
import { registryService } from '@ferry/registry';
import { startService, type RunningService } from '@ferry/service-runtime';
import { createTrainingService } from '@ferry/training';
import {
  cleanUpTest,
  freePort,
  graphql,
  TEST_NATS_URL,
  testConfig,
  uniquePrefix,
  type GraphQLResponse,
} from '@ferry/testing';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { createGatewayService } from '../src/service';
import type { GatewaySettings } from '../src/settings';

/** The bootstrap admin key of the test platforms (FERRY_ADMIN_KEY). */
export const ADMIN_KEY = 'fry_test-admin-key-0123456789';

/** Services started for a gateway test (the others are configured on ports where nothing listens). */
export type PlatformService = 'registry' | 'inference' | 'monitoring' | 'training';

/** The services of one test file behind a gateway, with authentication on, on their own prefix and data directory. */
export interface GatewayPlatform {
  prefix: string;
  config: FerryConfig;
  services: Partial<Record<PlatformService, RunningService>>;
  gateway: RunningService;
  /** The gateway's GraphQL endpoint (HTTP). */
  url: string;
  /** The gateway's GraphQL endpoint (WebSocket). */
  wsUrl: string;
  /** A NATS connection of the test's own. */
  nc: NatsConnection;
}

export function useGatewayPlatform(
  label: string,
  options: { services?: PlatformService[]; settings?: Partial<GatewaySettings>; env?: Record<string, string> } = {},
): GatewayPlatform {
  const platform = { prefix: uniquePrefix(label), services: {} } as GatewayPlatform;
  beforeAll(async () => {
    platform.config = testConfig(platform.prefix, 'sqlite', {
      FERRY_AUTH: 'on',
      FERRY_ADMIN_KEY: ADMIN_KEY,
      ...options.env,
    });
    const wanted = new Set(options.services ?? []);
    const definitions = {
      registry: registryService,
      inference: inferenceService,
      monitoring: monitoringService,
      training: createTrainingService({ ackWaitMs: 2000, progressIntervalMs: 200, scheduleIntervalMs: 3_600_000 }),
    };
    for (const name of ['registry', 'inference', 'monitoring', 'training'] as const) {
      if (wanted.has(name)) {
        const service = await startService(definitions[name] as never, platform.config, { port: 0 });
        platform.services[name] = service;
        platform.config.ports[name] = service.port;
      } else {
        platform.config.ports[name] = await freePort();
      }
    }
    platform.gateway = await startService(createGatewayService({ settings: options.settings }), platform.config, {
      port: 0,
    });
    platform.url = `${platform.gateway.url}/graphql`;
    platform.wsUrl = `${platform.url.replace(/^http/, 'ws')}`;
    platform.nc = await connect({ servers: TEST_NATS_URL.split(','), name: 'ferry-gateway-test' });
  });
  afterAll(async () => {
    await platform.nc?.close();
    await platform.gateway?.stop();
    for (const name of ['training', 'monitoring', 'inference', 'registry'] as const) {
      await platform.services[name]?.stop();
    }
    await cleanUpTest(platform.prefix, platform.config);
  });
  return platform;
}

/** Headers of a request made with `key` (none without). */
export function bearer(key: string | undefined): Record<string, string> {
  return key === undefined ? {} : { authorization: `Bearer ${key}` };
}

/** A GraphQL call to the gateway with an API key. */
export function call<T = Record<string, unknown>>(
  platform: GatewayPlatform,
  key: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  return graphql<T>(platform.url, query, variables, bearer(key));
}

/** Throws with the errors when a GraphQL answer has any; returns its data. */
export function ok<T>(response: GraphQLResponse<T>): T {
  if (response.errors !== undefined || response.data === null || response.data === undefined) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/** Creates an API key with the admin key; answers its secret. */
export async function createKey(platform: GatewayPlatform, name: string, role: string): Promise<string> {
  const created = ok(
    await call<{ createApiKey: { secret: string } }>(
      platform,
      ADMIN_KEY,
      'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }',
      { i: { name, role } },
    ),
  );
  return created.createApiKey.secret;
}

/** Uploads bytes to the registry's `PUT /artifacts` with a key; answers the response. */
export function uploadWith(platform: GatewayPlatform, body: Uint8Array | string, key?: string): Promise<Response> {
  const registry = platform.services.registry;
  if (registry === undefined) {
    throw new Error('the registry is not running');
  }
  return fetch(`${registry.url}/artifacts`, { method: 'PUT', body, headers: bearer(key) });
}

export const FEATURES = ['f0', 'f1', 'f2', 'f3'];

/** Rows of standard normal features (the first `shifted` of them moved by `shift`), seeded. */
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

/**
 * Through the gateway, with an operator key: a training dataset registered, a logistic regression trained on it
 * with @ferry/ml registered with that lineage, aliased `production` and deployed as `deployment`. Answers the
 * training dataset version's id.
 */
export async function deployTrainedModel(platform: GatewayPlatform, deployment: string, key: string): Promise<string> {
  const random = new Random(99);
  const training = rows(1000, 1).map((row) => ({
    ...row,
    label: (row.f0 ?? 0) + 0.5 * (row.f1 ?? 0) + random.normal() * 0.5 > 0 ? 1 : 0,
  }));
  const columns = [...FEATURES, 'label'];
  const csv = [columns.join(','), ...training.map((r) => columns.map((c) => r[c as keyof typeof r]).join(','))].join(
    '\n',
  );
  const upload = async (body: Uint8Array | string) =>
    ((await (await uploadWith(platform, body, key)).json()) as { sha256: string }).sha256;
  const dataset = ok(
    await call<{ registerDatasetVersion: { id: string } }>(
      platform,
      key,
      'mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }',
      { i: { datasetName: `${deployment}-training`, artifactSha256: await upload(csv) } },
    ),
  );
  const model = train({
    table: parseTable(csv),
    target: 'label',
    trainer: { type: 'logistic_regression', params: {} },
    seed: 1,
  });
  ok(await call(platform, key, 'mutation($n: String!) { createModel(input: { name: $n }) { id } }', { n: deployment }));
  const version = ok(
    await call<{ registerModelVersion: { version: number } }>(
      platform,
      key,
      'mutation($i: RegisterModelVersionInput!) { registerModelVersion(input: $i) { version } }',
      {
        i: {
          modelName: deployment,
          artifactSha256: await upload(model.onnx),
          datasetVersionId: dataset.registerDatasetVersion.id,
        },
      },
    ),
  );
  ok(
    await call(
      platform,
      key,
      'mutation($m: String!, $v: Int!) { setModelAlias(input: { modelName: $m, alias: "production", version: $v }) { version } }',
      { m: deployment, v: version.registerModelVersion.version },
    ),
  );
  ok(
    await call(platform, key, 'mutation($i: DeploymentInput!) { createDeployment(input: $i) { name } }', {
      i: { name: deployment, modelName: deployment, alias: 'production' },
    }),
  );
  return dataset.registerDatasetVersion.id;
}

/** What a graphql-ws subscription received, and how its connection ended. */
export interface Subscriber {
  client: Client;
  events: Array<Record<string, unknown>>;
  errors: unknown[];
  /** The close event of the connection (code, reason), once it closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Waits until `count` events arrived (or fails after `timeoutMs`). */
  received(count: number, timeoutMs?: number): Promise<Array<Record<string, unknown>>>;
  dispose(): Promise<void>;
}

/** Subscribes through the gateway with a graphql-ws client, sending `key` in connectionParams. */
export function subscribe(
  platform: GatewayPlatform,
  key: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Subscriber {
  let settle: (event: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    settle = resolve;
  });
  const client = createClient({
    url: platform.wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    // Connection errors are what some tests expect: they read `closed` instead.
    onNonLazyError: () => undefined,
    connectionParams: key === undefined ? undefined : { authorization: `Bearer ${key}` },
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: unknown };
        settle({ code, reason: String(reason) });
      },
    },
  });
  const subscriber: Subscriber = {
    client,
    events: [],
    errors: [],
    closed,
    received: async (count, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (subscriber.events.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `received ${subscriber.events.length} of ${count} events; errors: ${JSON.stringify(subscriber.errors)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return subscriber.events;
    },
    dispose: () => client.dispose() as Promise<void>,
  };
  client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors !== undefined) {
          subscriber.errors.push(...result.errors);
        }
        if (result.data !== undefined && result.data !== null) {
          subscriber.events.push(result.data);
        }
      },
      error: (error) => subscriber.errors.push(...(Array.isArray(error) ? error : [error])),
      complete: () => undefined,
    },
  );
  return subscriber;
}

/** Waits until `check` holds (polling), or fails after `timeoutMs`. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
