/**
 * Training benchmark (issue: training): the built-in trainers on N synthetic rows × 20 features (default 1,000,000),
 * each case in a fresh process so its peak resident memory is its own.
 *
 * - k-means, k = 8 (default hyperparameters: 10 k-means++ restarts), on 8 well-separated Gaussian clusters:
 *   training time, inertia, adjusted Rand index against the generating clusters.
 * - logistic regression (default C = 1, L-BFGS) on labels drawn from a known logistic model: training time, log loss
 *   and accuracy on 100,000 fresh rows scored by the exported ONNX in ONNX Runtime (the training gate's path),
 *   against the generating model's own accuracy.
 *
 * Times exclude generating the data. Prints a table, writes bench/results/training.json.
 *
 *   npm run bench:training [-- rows, default 1000000]
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';

import {
  accuracy,
  adjustedRandIndex,
  logLoss,
  onnxInputs,
  Random,
  Table,
  train,
  type ClassifierModel,
} from '@ferry/ml';
import { OnnxModel } from '@ferry/onnx';

import { REPO, rssOf, writeResult } from '../support';

const FEATURES = 20;
const HOLDOUT = 100_000;
const MiB = 1024 * 1024;

type Case = 'kmeans' | 'logistic_regression';

interface CaseResult {
  trainer: Case;
  rows: number;
  features: number;
  params: Record<string, unknown>;
  trainSeconds: number;
  peakRssMiB: number;
  onnxBytes: number;
  quality: Record<string, number>;
}

/** A case's figures: what every case reports, and its own quality measures. */
function caseResult(
  trainer: Case,
  rows: number,
  result: { params: object; onnx: Uint8Array },
  trainSeconds: number,
  quality: Record<string, number>,
): CaseResult {
  return {
    trainer,
    rows,
    features: FEATURES,
    params: { ...result.params },
    trainSeconds,
    peakRssMiB: rssOf(process.pid).peak / MiB,
    onnxBytes: result.onnx.length,
    quality,
  };
}

function columns(n: number): Float64Array[] {
  return Array.from({ length: FEATURES }, () => new Float64Array(n));
}

function tableOf(data: Float64Array[], extra: Record<string, Float64Array | string[]> = {}): Table {
  const named: Record<string, Float64Array | string[]> = {};
  data.forEach((column, j) => (named[`f${j}`] = column));
  return Table.fromColumns({ ...named, ...extra });
}

function kmeansCase(rows: number): CaseResult {
  const random = new Random(42);
  const centres = Array.from({ length: 8 }, () => Array.from({ length: FEATURES }, () => (random.next() - 0.5) * 20));
  const data = columns(rows);
  const truth = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = random.int(8);
    truth[i] = c;
    for (let j = 0; j < FEATURES; j++) {
      data[j]![i] = centres[c]![j]! + random.normal();
    }
  }
  const table = tableOf(data);
  const started = performance.now();
  const result = train({ table, trainer: { type: 'kmeans', params: { k: 8 } }, seed: 1 });
  const trainSeconds = (performance.now() - started) / 1000;
  const predicted = result.model.predict(table);
  return caseResult('kmeans', rows, result, trainSeconds, {
    inertia: result.trainingLoss,
    inertiaPerRow: result.trainingLoss / rows,
    adjustedRandIndex: adjustedRandIndex(Array.from(truth), Array.from(predicted.label)),
  });
}

async function logisticCase(rows: number): Promise<CaseResult> {
  const random = new Random(7);
  const weights = Array.from({ length: FEATURES }, () => random.normal());
  const bias = 0.3;
  const generate = (n: number) => {
    const data = columns(n);
    const labels: string[] = new Array<string>(n);
    const bayes: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      let z = bias;
      for (let j = 0; j < FEATURES; j++) {
        const x = random.normal();
        data[j]![i] = x;
        z += weights[j]! * x;
      }
      labels[i] = random.next() < 1 / (1 + Math.exp(-z)) ? 'yes' : 'no';
      bayes[i] = z > 0 ? 'yes' : 'no';
    }
    return { table: tableOf(data, { label: labels }), labels, bayes };
  };
  const training = generate(rows);
  const holdout = generate(HOLDOUT);
  const started = performance.now();
  const result = train({
    table: training.table,
    target: 'label',
    trainer: { type: 'logistic_regression' },
    seed: 1,
  });
  const trainSeconds = (performance.now() - started) / 1000;
  // Score the exported bytes in ONNX Runtime, as the training gate does.
  const model = await OnnxModel.load(result.onnx);
  const scoring = performance.now();
  const feeds = onnxInputs(holdout.table, (result.model as ClassifierModel).preparation.features);
  const outputs = await model.run(
    Object.fromEntries(
      Object.entries(feeds).map(([name, input]) => [
        name,
        { ...input, dims: [...input.dims], type: input.type === 'float32' ? ('float' as const) : ('string' as const) },
      ]),
    ),
  );
  const scoreSeconds = (performance.now() - scoring) / 1000;
  await model.release();
  const label = outputs.label as { data: string[] };
  const probabilities = outputs.probabilities as { data: number[] };
  const classes = ['no', 'yes'];
  return caseResult('logistic_regression', rows, result, trainSeconds, {
    trainingLoss: result.trainingLoss,
    holdoutLogLoss: logLoss(holdout.labels, probabilities.data, classes),
    holdoutAccuracy: accuracy(holdout.labels, label.data),
    generatingModelAccuracy: accuracy(holdout.labels, holdout.bayes),
    onnxScoreSecondsPer100k: scoreSeconds,
  });
}

/** Runs one case in a child process (fresh memory) and reads its JSON line. */
function runCase(name: Case, rows: number): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', './tools/platform/register.js', 'bench/training/train.ts', '--case', name, String(rows)],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) {
        reject(new Error(`${name} exited with ${code}`));
        return;
      }
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as CaseResult);
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--case') {
    const rows = Number(args[2]);
    const result = args[1] === 'kmeans' ? kmeansCase(rows) : await logisticCase(rows);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const rows = Number(args[0] ?? 1_000_000);
  const results: CaseResult[] = [];
  for (const name of ['kmeans', 'logistic_regression'] as const) {
    process.stderr.write(`training ${name} on ${rows.toLocaleString('en-US')} × ${FEATURES}…\n`);
    results.push(await runCase(name, rows));
  }
  process.stdout.write(
    `\n\nBuilt-in trainers on ${rows.toLocaleString('en-US')} rows × ${FEATURES} features (${os.cpus().length} cores)\n\n`,
  );
  process.stdout.write('| trainer | train s | peak RSS MiB | ONNX bytes | quality |\n|---|---|---|---|---|\n');
  for (const r of results) {
    const quality = Object.entries(r.quality)
      .map(([k, v]) => `${k} ${Number(v.toPrecision(5))}`)
      .join(', ');
    process.stdout.write(
      `| ${r.trainer} | ${r.trainSeconds.toFixed(1)} | ${r.peakRssMiB.toFixed(0)} | ${r.onnxBytes.toLocaleString('en-US')} | ${quality} |\n`,
    );
  }
  writeResult('training', { at: new Date().toISOString(), cores: os.cpus().length, results });
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
