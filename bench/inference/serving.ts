/**
 * Serving benchmark (issues: inference core, inference at scale). Two models — a 20-feature logistic regression
 * and the compute-heavy MLP 64-1024-1024-1024-1 — one row per request, at concurrency 1, 16 and 64, through: ONNX
 * Runtime called in-process (the limit), a plain `node:http` + ONNX Runtime server (the hand-written baseline),
 * Ferry's V2 REST with dynamic batching on and off, Ferry's NATS request/reply, and (logistic regression) GraphQL
 * `predict` on the inference subgraph and through the gateway. Every prediction is logged, as deployed by default.
 * The gateway composes all four subgraphs; monitoring and training are not started, which it tolerates.
 *
 *   npm run bench:inference [-- seconds per run, default 3 [target filter, a substring of a target's name]]
 *
 * Prints a table and the ratios V2/plain, batched/unbatched and gateway/subgraph, and writes
 * bench/results/inference-serving.json (only for a run of every target). Loopback only; bounded in time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { connect } from 'nats';
import { InferenceSession, Tensor } from 'onnxruntime-node';

import { freePort, gql, start, tearDown, waitFor, writeResult } from '../support';
import { runClosedLoop, runLoad, table, type LoadResult } from './load';
import { logisticRegressionOnnx, mlpOnnx } from './models';

/** 1, 16 and 64 connections; BENCH_CONCURRENCY=64 (comma-separated) runs only those, e.g. to profile one level. */
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,16,64').split(',').map(Number);

interface BenchModel {
  key: string;
  features: number;
  bytes: Uint8Array;
  /** GraphQL targets (subgraph and gateway) too: the gateway hop matters on cheap models, not heavy ones. */
  graphql: boolean;
}

const MODELS: BenchModel[] = [
  { key: 'logreg', features: 20, bytes: logisticRegressionOnnx(20), graphql: true },
  { key: 'mlp', features: 64, bytes: mlpOnnx(), graphql: false },
];

/** Target names, per model: `<model> · <way in>`. */
const WAYS = {
  inProcess: 'ONNX Runtime in-process (limit)',
  plain: 'plain node:http + ONNX Runtime',
  v2: 'Ferry V2 REST, batching on',
  v2Unbatched: 'Ferry V2 REST, batching off',
  nats: 'Ferry NATS request/reply',
  subgraph: 'Ferry GraphQL predict (subgraph)',
  gateway: 'Ferry GraphQL predict (gateway)',
} as const;

async function gqlOk(url: string, query: string, variables: Record<string, unknown> = {}): Promise<void> {
  await gql(url, query, variables);
}

/** Ratios the issue asks for, per model and concurrency. */
function ratios(results: LoadResult[]) {
  const rate = (name: string, c: number) => results.find((r) => r.target === name && r.concurrency === c)?.reqPerSec;
  const p50 = (name: string, c: number) => results.find((r) => r.target === name && r.concurrency === c)?.p50Ms;
  return MODELS.flatMap((m) =>
    CONCURRENCY.map((c) => {
      const of = (way: string) => `${m.key} · ${way}`;
      const divide = (a?: number, b?: number) => (a === undefined || b === undefined ? null : a / b);
      return {
        model: m.key,
        concurrency: c,
        v2ToPlain: divide(rate(of(WAYS.v2), c), rate(of(WAYS.plain), c)),
        batchedToUnbatched: divide(rate(of(WAYS.v2), c), rate(of(WAYS.v2Unbatched), c)),
        gatewayToSubgraph: divide(rate(of(WAYS.gateway), c), rate(of(WAYS.subgraph), c)),
        loneLatencyGrowthMs:
          c === 1 && p50(of(WAYS.v2), 1) !== undefined && p50(of(WAYS.v2Unbatched), 1) !== undefined
            ? (p50(of(WAYS.v2), 1) as number) - (p50(of(WAYS.v2Unbatched), 1) as number)
            : null,
      };
    }),
  );
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 3);
  const filter = process.argv[3] ?? '';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-serving-'));
  const ports = {
    registry: await freePort(),
    inference: await freePort(),
    gateway: await freePort(),
    monitoring: await freePort(),
    training: await freePort(),
  };
  const prefix = `bench_serving_${process.pid}`;
  const env = {
    ...process.env,
    FERRY_DATA_DIR: dataDir,
    FERRY_NATS_PREFIX: prefix,
    FERRY_GATEWAY_PORT: String(ports.gateway),
    FERRY_REGISTRY_PORT: String(ports.registry),
    FERRY_INFERENCE_PORT: String(ports.inference),
    FERRY_MONITORING_PORT: String(ports.monitoring),
    FERRY_TRAINING_PORT: String(ports.training),
    LOG_LEVEL: 'warn',
    // The benchmarks measure the services; keys and signatures are measured apart.
    FERRY_AUTH: 'off',
  };
  const plainPorts: Record<string, number> = {};
  const children = [start(['services/registry/src/main.ts'], env), start(['services/inference/src/main.ts'], env)];
  for (const m of MODELS) {
    const file = path.join(dataDir, `${m.key}.onnx`);
    fs.writeFileSync(file, m.bytes);
    plainPorts[m.key] = await freePort();
    children.push(start(['bench/inference/plain-server.ts', file, String(plainPorts[m.key])], env));
  }
  children.push(start(['services/gateway/src/main.ts'], env));
  const nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
  try {
    const registry = `http://127.0.0.1:${ports.registry}`;
    const inference = `http://127.0.0.1:${ports.inference}`;
    const gateway = `http://127.0.0.1:${ports.gateway}`;
    await Promise.all([
      waitFor(`${registry}/readyz`),
      waitFor(`${inference}/readyz`),
      waitFor(`${gateway}/readyz`),
      ...MODELS.map((m) => waitFor(`http://127.0.0.1:${plainPorts[m.key]}/`)),
    ]);
    const results: LoadResult[] = [];
    for (const m of MODELS) {
      await gqlOk(`${registry}/graphql`, 'mutation($n: String!) { createModel(input: { name: $n }) { id } }', {
        n: m.key,
      });
      const upload = (await (await fetch(`${registry}/artifacts`, { method: 'PUT', body: m.bytes })).json()) as {
        sha256: string;
      };
      await gqlOk(
        `${registry}/graphql`,
        'mutation($n: String!, $s: String!) { registerModelVersion(input: { modelName: $n, artifactSha256: $s }) { status } }',
        { n: m.key, s: upload.sha256 },
      );
      for (const [name, maxBatchSize] of [
        [m.key, 64],
        [`${m.key}-unbatched`, 1],
      ] as const) {
        await gqlOk(`${inference}/graphql`, 'mutation($i: DeploymentInput!) { createDeployment(input: $i) { name } }', {
          i: { name, modelName: m.key, version: 1, batching: { maxBatchSize, maxQueueDelayMs: 2 } },
        });
      }
      const row = Array.from({ length: m.features }, (_, i) => (i % 7) / 10);
      const v2Body = JSON.stringify({ inputs: [{ name: 'X', shape: [1, m.features], datatype: 'FP32', data: row }] });
      const features = Object.fromEntries(row.map((v, i) => [`X[${i}]`, v]));
      const predictQuery = `mutation($i: JSON!) { predict(deployment: "${m.key}", inputs: $i) { predictionId modelVersion { version } } }`;
      const predictBody = JSON.stringify({ query: predictQuery, variables: { i: [features] } });
      const noErrors = (_status: number, text: string): boolean => !text.includes('"errors"');
      const session = await InferenceSession.create(m.bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
      const natsSubject = `${prefix}.inference.predict.${m.key}`;
      const natsBody = JSON.stringify({ inputs: { X: { shape: [1, m.features], data: row } } });
      const of = (way: string) => `${m.key} · ${way}`;
      const runners: Array<[string, (c: number) => Promise<LoadResult>]> = [
        [
          of(WAYS.inProcess),
          (c) =>
            runClosedLoop(of(WAYS.inProcess), c, seconds * 1000, async () => {
              await session.run({ X: new Tensor('float32', Float32Array.from(row), [1, m.features]) });
              return true;
            }),
        ],
        [
          of(WAYS.plain),
          (c) =>
            runLoad(
              { name: of(WAYS.plain), url: `http://127.0.0.1:${plainPorts[m.key]}/`, body: v2Body },
              c,
              seconds * 1000,
            ),
        ],
        [
          of(WAYS.v2),
          (c) =>
            runLoad(
              { name: of(WAYS.v2), url: `${inference}/v2/models/${m.key}/infer`, body: v2Body },
              c,
              seconds * 1000,
            ),
        ],
        [
          of(WAYS.v2Unbatched),
          (c) =>
            runLoad(
              { name: of(WAYS.v2Unbatched), url: `${inference}/v2/models/${m.key}-unbatched/infer`, body: v2Body },
              c,
              seconds * 1000,
            ),
        ],
        [
          of(WAYS.nats),
          (c) =>
            runClosedLoop(of(WAYS.nats), c, seconds * 1000, async () => {
              const reply = await nc.request(natsSubject, natsBody, { timeout: 5000 });
              return !reply.string().startsWith('{"error"');
            }),
        ],
      ];
      if (m.graphql) {
        // One answer through the gateway first, so a broken plan fails loudly rather than as errors.
        await gqlOk(`${gateway}/graphql`, predictQuery, { i: [features] });
        runners.push(
          [
            of(WAYS.subgraph),
            (c) =>
              runLoad(
                { name: of(WAYS.subgraph), url: `${inference}/graphql`, body: predictBody, ok: noErrors },
                c,
                seconds * 1000,
              ),
          ],
          [
            of(WAYS.gateway),
            (c) =>
              runLoad(
                { name: of(WAYS.gateway), url: `${gateway}/graphql`, body: predictBody, ok: noErrors },
                c,
                seconds * 1000,
              ),
          ],
        );
      }
      for (const concurrency of CONCURRENCY) {
        for (const [name, run] of runners.filter(([n]) => n.includes(filter))) {
          results.push(await run(concurrency));
          process.stderr.write(
            `${name} at ${concurrency}: ${results[results.length - 1]?.reqPerSec.toFixed(0)} req/s\n`,
          );
        }
      }
      await session.release();
    }
    process.stdout.write(
      `\nOne row per request, ${seconds} s per run (${os.cpus().length} cores, load generator on the same machine; every prediction logged)\n\n`,
    );
    process.stdout.write(`${table(results)}\n\n`);
    const computed = ratios(results);
    process.stdout.write('model   conc   V2/plain   batched/unbatched   gateway/subgraph   lone latency growth (ms)\n');
    for (const r of computed) {
      const f = (x: number | null, digits = 2) => (x === null ? '-' : x.toFixed(digits));
      process.stdout.write(
        `${r.model.padEnd(7)} ${String(r.concurrency).padStart(4)} ${f(r.v2ToPlain).padStart(10)} ${f(r.batchedToUnbatched).padStart(19)} ${f(r.gatewayToSubgraph).padStart(18)} ${f(r.loneLatencyGrowthMs, 3).padStart(26)}\n`,
      );
    }
    if (filter === '') {
      writeResult('inference-serving', { at: new Date().toISOString(), seconds, results, ratios: computed });
    }
  } finally {
    await nc.close();
    await tearDown(children, dataDir, prefix);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
