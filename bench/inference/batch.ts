/**
 * Batch prediction benchmark (issue: inference at scale): a dataset of N rows × 20 features (default 1,000,000)
 * through a 20-feature logistic regression as one batch job. Samples the inference process's resident memory
 * while the job runs (it must stay bounded: the file is streamed in chunks, never held) and times the gaps
 * between progress events on `<prefix>.inference.batch.progress`. Prints a table, writes
 * bench/results/inference-batch.json.
 *
 *   npm run bench:batch [-- rows, default 1000000 [chunk size, default 1024]]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { connect } from 'nats';

import { freePort, gql, rssOf, start, tearDown, waitFor, writeResult } from '../support';
import { logisticRegressionOnnx } from './models';

const FEATURES = 20;
const MiB = 1024 * 1024;

/** Writes the dataset to a file: an id column and f0..f19, deterministic values. */
function writeDataset(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  const columns = Array.from({ length: FEATURES }, (_, j) => `f${j}`);
  let text = `id,${columns.join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    text += `${i},${columns.map((_, j) => (((i * (j + 3)) % 97) / 48.5 - 1).toFixed(3)).join(',')}\n`;
    if (text.length > MiB) {
      fs.writeSync(fd, text);
      text = '';
    }
  }
  fs.writeSync(fd, text);
  fs.closeSync(fd);
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const chunkSize = Number(process.argv[3] ?? 1024);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-batch-'));
  const [registryPort, inferencePort] = [await freePort(), await freePort()];
  const prefix = `bench_batch_${process.pid}`;
  const env = {
    ...process.env,
    FERRY_DATA_DIR: dataDir,
    FERRY_NATS_PREFIX: prefix,
    FERRY_REGISTRY_PORT: String(registryPort),
    FERRY_INFERENCE_PORT: String(inferencePort),
    LOG_LEVEL: 'warn',
    // The benchmarks measure the services; keys and signatures are measured apart.
    FERRY_AUTH: 'off',
  };
  const children = [start(['services/registry/src/main.ts'], env), start(['services/inference/src/main.ts'], env)];
  const nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
  try {
    const registry = `http://127.0.0.1:${registryPort}`;
    const inference = `http://127.0.0.1:${inferencePort}`;
    await Promise.all([waitFor(`${registry}/readyz`), waitFor(`${inference}/readyz`)]);
    const upload = async (body: Buffer | fs.ReadStream): Promise<string> => {
      const response = await fetch(`${registry}/artifacts`, {
        method: 'PUT',
        body: body as unknown as Blob,
        duplex: 'half',
      } as RequestInit);
      return ((await response.json()) as { sha256: string }).sha256;
    };
    await gql(`${registry}/graphql`, 'mutation { createModel(input: { name: "logreg" }) { id } }');
    const modelSha = await upload(Buffer.from(logisticRegressionOnnx(FEATURES)));
    await gql(
      `${registry}/graphql`,
      'mutation($s: String!) { registerModelVersion(input: { modelName: "logreg", artifactSha256: $s }) { status } }',
      { s: modelSha },
    );
    await gql(
      `${inference}/graphql`,
      'mutation { createDeployment(input: { name: "logreg", modelName: "logreg", version: 1 }) { name } }',
    );
    process.stderr.write(`writing ${rows.toLocaleString('en-US')} rows…\n`);
    const file = path.join(dataDir, 'rows.csv');
    writeDataset(file, rows);
    const sizeMiB = fs.statSync(file).size / MiB;
    const datasetSha = await upload(fs.createReadStream(file));
    process.stderr.write(`registering the dataset (${sizeMiB.toFixed(0)} MiB; the registry profiles it)…\n`);
    const dataset = (await gql(
      `${registry}/graphql`,
      'mutation($s: String!) { registerDatasetVersion(input: { datasetName: "rows", artifactSha256: $s }) { id } }',
      { s: datasetSha },
    )) as { registerDatasetVersion: { id: string } };

    const pid = children[1]?.pid ?? 0;
    const idle = rssOf(pid);
    const progressTimes: number[] = [];
    let lastDone = 0;
    const subscription = nc.subscribe(`${prefix}.inference.batch.progress`, {
      callback: (_error, message) => {
        progressTimes.push(performance.now());
        lastDone = (message.json() as { data: { rowsDone: number } }).data.rowsDone;
        if (lastDone === rows && predictedAt === 0) {
          predictedAt = performance.now();
        }
      },
    });
    let peakRss = idle.rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssOf(pid).rss);
    }, 50);
    const started = performance.now();
    const job = (await gql(
      `${inference}/graphql`,
      `mutation($i: StartBatchPredictionInput!) { startBatchPrediction(input: $i) { id } }`,
      {
        i: {
          deployment: 'logreg',
          datasetVersionId: dataset.registerDatasetVersion.id,
          features: Array.from({ length: FEATURES }, (_, j) => `f${j}`),
          chunkSize,
        },
      },
    )) as { startBatchPrediction: { id: string } };
    let state = 'queued';
    let polls = 0;
    let predictedAt = 0;
    let final: Record<string, unknown> = {};
    while (!['succeeded', 'failed', 'cancelled'].includes(state)) {
      await sleep(200);
      final = (
        (await gql(
          `${inference}/graphql`,
          `{ batchPrediction(id: "${job.startBatchPrediction.id}") { state rowsDone error outputDatasetVersionId } }`,
        )) as { batchPrediction: Record<string, unknown> }
      ).batchPrediction;
      const line = `${String(final.state)} ${lastDone.toLocaleString('en-US')} / ${rows.toLocaleString('en-US')} rows`;
      polls += 1;
      if (String(final.state) !== state || polls % 25 === 0) {
        process.stderr.write(`${line}\n`);
      }
      state = String(final.state);
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    subscription.unsubscribe();
    const gaps = progressTimes.slice(1).map((t, i) => t - (progressTimes[i] as number));
    const result = {
      at: new Date().toISOString(),
      rows,
      chunkSize,
      datasetMiB: Number(sizeMiB.toFixed(1)),
      state,
      error: final.error ?? null,
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(rows / seconds),
      predictSeconds: Number(((predictedAt - started) / 1000).toFixed(2)),
      registerSeconds: Number(((performance.now() - predictedAt) / 1000).toFixed(2)),
      inferenceRssIdleMiB: Number((idle.rss / MiB).toFixed(1)),
      inferenceRssPeakMiB: Number((peakRss / MiB).toFixed(1)),
      progressEvents: progressTimes.length,
      maxProgressGapMs: Math.round(Math.max(0, ...gaps)),
    };
    process.stdout.write(`\n\nBatch prediction, 20-feature logistic regression (${os.cpus().length} cores)\n\n`);
    process.stdout.write('| measure | value |\n|---|---|\n');
    for (const [key, value] of Object.entries(result)) {
      process.stdout.write(
        `| ${key} | ${typeof value === 'number' ? value.toLocaleString('en-US') : String(value)} |\n`,
      );
    }
    writeResult('inference-batch', result);
  } finally {
    await nc.close();
    await tearDown(children, dataDir, prefix);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
