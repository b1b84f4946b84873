/**
 * Serving benchmark (issues: inference core, inference at scale): a 20-feature logistic regression, one row
 * per request, at concurrency 1 and 64, through Ferry's V2 REST, GraphQL `predict` on the inference subgraph
 * and the same `predict` through the gateway, beside a plain `node:http` + ONNX Runtime server on the same
 * model — the physical limit. The gateway composes all four subgraphs; monitoring and training are not
 * started (their ports are free ones nobody listens on), which the gateway tolerates.
 *
 *   npm run bench:inference [-- seconds per run, default 5 [target filter, a substring of a target's name]]
 *
 * Prints a table and the gateway/subgraph ratio, and writes bench/results/inference-serving.json (only for
 * a run of every target). Loopback only; bounded in time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { deletePrefixStreams } from '@ferry/testing';

import { freePort, gql, REPO, start, waitFor } from '../support';
import { logisticRegressionOnnx } from './logistic-model';
import { runLoad, table, type LoadResult, type LoadTarget } from './load';

const FEATURES = 20;
const PLAIN = 'plain node:http + ONNX Runtime';
const SUBGRAPH = 'ferry GraphQL predict (subgraph)';
const THROUGH_GATEWAY = 'ferry GraphQL predict (through gateway)';

/** Throughput through the gateway as a share of the subgraph's own, per concurrency (the target: ≥ 0.6). */
function gatewayRatios(results: LoadResult[]): Array<{ concurrency: number; ratio: number }> {
  return [...new Set(results.map((r) => r.concurrency))].flatMap((concurrency) => {
    const direct = results.find((r) => r.target === SUBGRAPH && r.concurrency === concurrency);
    const through = results.find((r) => r.target === THROUGH_GATEWAY && r.concurrency === concurrency);
    return direct === undefined || through === undefined
      ? []
      : [{ concurrency, ratio: through.reqPerSec / direct.reqPerSec }];
  });
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-serving-'));
  const filter = process.argv[3] ?? '';
  const [registryPort, inferencePort, plainPort, gatewayPort, monitoringPort, trainingPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const env = {
    ...process.env,
    FERRY_DATA_DIR: dataDir,
    FERRY_NATS_PREFIX: `bench_serving_${process.pid}`,
    FERRY_GATEWAY_PORT: String(gatewayPort),
    FERRY_REGISTRY_PORT: String(registryPort),
    FERRY_INFERENCE_PORT: String(inferencePort),
    FERRY_MONITORING_PORT: String(monitoringPort),
    FERRY_TRAINING_PORT: String(trainingPort),
    LOG_LEVEL: 'warn',
  };
  const modelFile = path.join(dataDir, 'logreg20.onnx');
  fs.writeFileSync(modelFile, logisticRegressionOnnx(FEATURES));
  const children = [
    start(['services/registry/src/main.ts'], env),
    start(['services/inference/src/main.ts'], env),
    start(['bench/inference/plain-server.ts', modelFile, String(plainPort)], env),
    start(['services/gateway/src/main.ts'], env),
  ];
  try {
    const registry = `http://127.0.0.1:${registryPort}`;
    const inference = `http://127.0.0.1:${inferencePort}`;
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    await Promise.all([
      waitFor(`${registry}/readyz`),
      waitFor(`${inference}/readyz`),
      waitFor(`${gateway}/readyz`),
      waitFor(`http://127.0.0.1:${plainPort}/`),
    ]);
    await gql(`${registry}/graphql`, 'mutation { createModel(input: { name: "logreg" }) { id } }');
    const upload = (await (
      await fetch(`${registry}/artifacts`, { method: 'PUT', body: fs.readFileSync(modelFile) })
    ).json()) as { sha256: string };
    await gql(
      `${registry}/graphql`,
      'mutation($s: String!) { registerModelVersion(input: { modelName: "logreg", artifactSha256: $s }) { status } }',
      { s: upload.sha256 },
    );
    await gql(
      `${registry}/graphql`,
      'mutation { setModelAlias(input: { modelName: "logreg", alias: "production", version: 1 }) { version } }',
    );
    await gql(
      `${inference}/graphql`,
      'mutation { createDeployment(input: { name: "logreg", modelName: "logreg", alias: "production" }) { name } }',
    );

    const row = Array.from({ length: FEATURES }, (_, i) => (i % 7) / 10);
    const v2Body = JSON.stringify({ inputs: [{ name: 'X', shape: [1, FEATURES], datatype: 'FP32', data: row }] });
    const features = Object.fromEntries(row.map((v, i) => [`X[${i}]`, v]));
    const predictQuery =
      'mutation($i: JSON!) { predict(deployment: "logreg", inputs: $i) { predictionId rows modelVersion { version } } }';
    const predictBody = JSON.stringify({ query: predictQuery, variables: { i: [features] } });
    const noErrors = (_status: number, text: string): boolean => !text.includes('"errors"');
    const targets: LoadTarget[] = [
      { name: PLAIN, url: `http://127.0.0.1:${plainPort}/`, body: v2Body },
      { name: 'ferry V2 REST /v2/models/…/infer', url: `${inference}/v2/models/logreg/infer`, body: v2Body },
      { name: SUBGRAPH, url: `${inference}/graphql`, body: predictBody, ok: noErrors },
      { name: THROUGH_GATEWAY, url: `${gateway}/graphql`, body: predictBody, ok: noErrors },
    ].filter((target) => target.name.includes(filter));
    // One answer through the gateway before measuring, so a broken plan fails loudly rather than as errors.
    await gql(`${gateway}/graphql`, predictQuery, { i: [features] });
    const results: LoadResult[] = [];
    for (const concurrency of [1, 64]) {
      for (const target of targets) {
        results.push(await runLoad(target, concurrency, seconds * 1000));
        process.stderr.write('.');
      }
    }
    process.stdout.write(
      `\nServing a ${FEATURES}-feature logistic regression, one row per request, ${seconds} s per run (${os.cpus().length} cores, load generator on the same machine)\n\n`,
    );
    process.stdout.write(`${table(results)}\n`);
    const ratios = gatewayRatios(results);
    for (const { concurrency, ratio } of ratios) {
      process.stdout.write(`gateway / subgraph GraphQL predict at ${concurrency} connections: ${ratio.toFixed(2)}x\n`);
    }
    if (filter === '') {
      fs.mkdirSync(path.join(REPO, 'bench', 'results'), { recursive: true });
      fs.writeFileSync(
        path.join(REPO, 'bench', 'results', 'inference-serving.json'),
        `${JSON.stringify({ at: new Date().toISOString(), seconds, results, gatewayToSubgraph: ratios }, null, 2)}\n`,
      );
    }
  } finally {
    for (const child of children) {
      child.kill('SIGTERM');
    }
    await sleep(500);
    fs.rmSync(dataDir, { recursive: true, force: true });
    // The machine's NATS outlives the run: leave no streams behind.
    await deletePrefixStreams(env.FERRY_NATS_PREFIX);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
