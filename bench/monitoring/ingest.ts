/**
 * Monitoring benchmark (issue: monitoring). Two measures:
 *
 * 1. Ingest: prediction records of a 20-column deployment (one row each, as a one-row request logs them) through
 *    the monitoring core and its SQLite store in batches of 500 — what the durable consumer does per fetch (JSON
 *    parse and check included), minus the NATS hop — in records per second and per CPU core (process CPU time),
 *    with the heap growth (windows keep summaries, not rows).
 * 2. Drift: a 1,000,000-row window summarized (sketches, counts), then compared with a 1,000-row reference (K-S)
 *    and a 100,000-row reference (normed Wasserstein), 20 columns each.
 *
 *   npm run bench:monitoring [-- records to ingest, default 50000]
 *
 * Prints a table, writes bench/results/monitoring.json.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { checkPredictionRecord, loadConfig, type PredictionRecord } from '@ferry/contracts';
import { Random } from '@ferry/ml';
import { openDatabase } from '@ferry/persistence';

import { TableSummary } from '../../services/monitoring/src/domain/column-summary';
import { compareWindow } from '../../services/monitoring/src/domain/drift';
import { Monitoring } from '../../services/monitoring/src/domain/monitoring';
import { monitoringDatabase, TypeOrmMonitoringStore } from '../../services/monitoring/src/store';
import { writeResult } from '../support';

const COLUMNS = Array.from({ length: 20 }, (_, j) => `f${j}`);
const MiB = 1024 * 1024;

function row(random: Random, shift = 0): Record<string, number> {
  return Object.fromEntries(COLUMNS.map((c) => [c, random.normal() + shift]));
}

function record(i: number, random: Random): PredictionRecord {
  return {
    id: `request-${i}`,
    type: 'prediction',
    schemaVersion: 1,
    time: new Date(Date.UTC(2026, 0, 1) + i).toISOString(),
    deployment: 'bench',
    modelName: 'bench',
    modelVersion: 1,
    modelVersionId: 'v1',
    kind: 'live',
    latencyMs: 1 + (i % 7) / 10,
    rows: [{ predictionId: `p-${i}`, inputs: row(random), outputs: { label: i % 2, probabilities: [0.4, 0.6] } }],
  };
}

async function ingest(records: number): Promise<Record<string, number>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-monitoring-'));
  const config = loadConfig({ FERRY_DATA_DIR: dataDir });
  const db = await openDatabase({ ...monitoringDatabase, service: 'monitoring', config });
  await db.migrate();
  // The reference is the first window (no lineage): no registry is needed for this measure.
  const noLineage = { trainedOn: async () => null, readRecords: async () => undefined };
  const monitoring = new Monitoring(
    new TypeOrmMonitoringStore(db),
    noLineage,
    { prefix: 'bench', operationalSeconds: 60, feedbackWaitMs: 0 },
    { ingested: () => undefined, windowClosed: () => undefined, feedback: () => undefined },
  );
  await monitoring.configure({ deployment: 'bench', windowSize: 10_000, windowSeconds: 0 }, 'bench');
  const random = new Random(1);
  // As the consumer gets them: JSON text, parsed and checked (checkPredictionRecord) inside the measure.
  const all = Array.from({ length: records }, (_, i) => JSON.stringify(record(i, random)));
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let reports = 0;
  for (let i = 0; i < all.length; i += 500) {
    const batch = all.slice(i, i + 500).map((text) => checkPredictionRecord(JSON.parse(text)));
    reports += (await monitoring.ingest(batch)).reports.length;
    if (i % 10_000 === 0) {
      process.stderr.write(`\ringested ${i.toLocaleString('en-US')} / ${records.toLocaleString('en-US')}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  global.gc?.();
  const open = await monitoring.openWindow('bench');
  const heapAfter = process.memoryUsage().heapUsed;
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.stderr.write('\n');
  return {
    records,
    windowsClosed: reports,
    openWindowRows: open.rows,
    seconds: Number(seconds.toFixed(2)),
    recordsPerSecond: Math.round(records / seconds),
    recordsPerCpuSecond: Math.round(records / cpuSeconds),
    heapGrowthMiB: Number(((heapAfter - heapBefore) / MiB).toFixed(1)),
  };
}

function drift(): Record<string, number> {
  const random = new Random(2);
  const summarize = (rows: number, shift: number) => {
    const table = new TableSummary();
    for (let i = 0; i < rows; i++) {
      table.addRow(row(random, shift));
    }
    return table;
  };
  let started = performance.now();
  const window = summarize(1_000_000, 0.05);
  const summarizeSeconds = (performance.now() - started) / 1000;
  const small = summarize(1000, 0);
  const large = summarize(100_000, 0);
  started = performance.now();
  const ks = compareWindow(small.columns, window.columns, { driftShare: 0.5 });
  const ksSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const wasserstein = compareWindow(large.columns, window.columns, { driftShare: 0.5 });
  const wassersteinSeconds = (performance.now() - started) / 1000;
  return {
    windowRows: 1_000_000,
    columns: COLUMNS.length,
    summarizeSeconds: Number(summarizeSeconds.toFixed(2)),
    rowsSummarizedPerSecond: Math.round(1_000_000 / summarizeSeconds),
    ksAgainst1000RowsSeconds: Number(ksSeconds.toFixed(3)),
    ksDriftedColumns: ks?.features.filter((f) => f.drifted).length ?? 0,
    wassersteinAgainst100kRowsSeconds: Number(wassersteinSeconds.toFixed(3)),
    wassersteinDriftedColumns: wasserstein?.features.filter((f) => f.drifted).length ?? 0,
  };
}

async function main(): Promise<void> {
  const records = Number(process.argv[2] ?? 50_000);
  const ingestResult = await ingest(records);
  const driftResult = drift();
  const print = (title: string, values: Record<string, number>) => {
    process.stdout.write(`\n${title}\n\n| measure | value |\n|---|---|\n`);
    for (const [key, value] of Object.entries(values)) {
      process.stdout.write(`| ${key} | ${value.toLocaleString('en-US')} |\n`);
    }
  };
  print(`Ingest: 20-column prediction records, one row each, SQLite (${os.cpus().length} cores)`, ingestResult);
  print('Drift: a 1,000,000-row window against its reference, 20 columns', driftResult);
  writeResult('monitoring', { at: new Date().toISOString(), ingest: ingestResult, drift: driftResult });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
