import { Readable } from 'node:stream';

import { FerryError, toFerryError } from '@ferry/contracts';
import { forEachRecordBatch } from '@ferry/statistics';

import type { BatchJob } from './batch-job';
import { csvLine, featureColumns, modelInput, outputCells, type FeaturePlan } from './batch-rows';
import type { LoadedVersion } from './model-pool';
import type {
  BatchJobStore,
  BatchOutput,
  BatchProgressSink,
  DatasetSource,
  DatasetVersionRef,
  ModelInput,
} from './ports';

export interface BatchRunDeps {
  store: BatchJobStore;
  datasets: DatasetSource;
  sink: BatchProgressSink;
  intervalMs: number;
  /** Aborted when the replica stops. */
  stopping: AbortSignal;
}

class Stopped extends Error {}

/**
 * Runs one job to its end: rows are read in chunks (the next chunk is read only after this one's answers are
 * written, so memory holds one chunk), run on the held version, and written in input order with the input's
 * columns and the outputs; the file becomes a dataset version with lineage. Never throws: the job's state says.
 */
export async function runBatchJob(
  job: BatchJob,
  dataset: DatasetVersionRef,
  version: LoadedVersion,
  deps: BatchRunDeps,
): Promise<void> {
  const { store, sink } = deps;
  let output: BatchOutput | undefined;
  let cancelled = false;
  let reporting: Promise<void> = Promise.resolve();
  // Progress, heartbeat and the cancellation flag, on a timer, so they keep time whatever a chunk costs.
  const report = async (): Promise<void> => {
    const stored = await store.findById(job.id);
    cancelled ||= stored?.cancelRequested === true;
    job.heartbeatAt = new Date();
    await store.update(job);
    await sink.progress(job);
  };
  const ticker = setInterval(() => {
    reporting = reporting.then(report).catch(() => undefined);
  }, deps.intervalMs);
  try {
    job.state = 'running';
    job.startedAt = new Date();
    await store.update(job);
    await sink.progress(job);
    output = await deps.datasets.createOutput(job.id, dataset.format);
    const writer = new OutputWriter(output, dataset.format);
    let plan: FeaturePlan | undefined;
    await forEachRecordBatch(
      () => Readable.from(deps.datasets.open(dataset)),
      { format: dataset.format, batchRows: job.chunkSize },
      async (records, columns) => {
        if (cancelled || deps.stopping.aborted) {
          throw new Stopped();
        }
        plan ??= featureColumns(version.model.signature, job.features, columns);
        const answer = await run(version, modelInput(records, plan), records.length, job);
        await writer.write(records, columns, answer);
        job.rowsDone += records.length;
      },
    );
    const registered = await output.register({
      datasetName: job.outputDatasetName,
      source: dataset,
      modelVersionId: version.ref.id,
      producedBy: `batch-prediction/${job.id}`,
    });
    job.outputDatasetVersionId = registered.id;
    job.rowsTotal = job.rowsDone;
    job.state = 'succeeded';
  } catch (error) {
    await output?.discard().catch(() => undefined);
    if (error instanceof Stopped) {
      job.state = cancelled ? 'cancelled' : 'failed';
      job.error = cancelled ? null : 'interrupted: the replica running it stopped';
    } else {
      job.state = 'failed';
      job.error = toFerryError(error).message;
    }
  } finally {
    clearInterval(ticker);
    await reporting;
    job.finishedAt = new Date();
    job.heartbeatAt = job.finishedAt;
    await store.update(job).catch(() => undefined);
    await sink.progress(job).catch(() => undefined);
  }
}

async function run(version: LoadedVersion, input: ModelInput, rows: number, job: BatchJob) {
  try {
    return await version.model.run(input, { maxBatchSize: job.chunkSize });
  } catch (error) {
    const cause = toFerryError(error);
    const first = job.rowsDone + 1;
    throw new FerryError(cause.code, `rows ${first}–${first + rows - 1}: ${cause.message}`, { cause });
  }
}

/** Writes answers in the input's format: the input's columns, then the outputs (renamed when a name is taken). */
class OutputWriter {
  private columns: string[] | undefined;
  private outputNames: Map<string, string> | undefined;

  constructor(
    private readonly output: BatchOutput,
    private readonly format: 'csv' | 'jsonl',
  ) {}

  async write(
    records: Array<Record<string, unknown>>,
    inputColumns: readonly string[],
    answer: { perRow: Array<Record<string, unknown>> },
  ): Promise<void> {
    let text = '';
    records.forEach((record, r) => {
      const outputs = answer.perRow[r] ?? {};
      const cells = this.format === 'csv' ? outputCells(outputs) : outputs;
      const renamed = this.rename(cells, inputColumns);
      if (this.format === 'jsonl') {
        text += `${JSON.stringify({ ...record, ...renamed }, bigintAsNumber)}\n`;
        return;
      }
      if (this.columns === undefined) {
        this.columns = [...inputColumns, ...Object.keys(renamed)];
        text += csvLine(this.columns);
      }
      const row = { ...record, ...renamed };
      text += csvLine(this.columns.map((c) => row[c]));
    });
    if (text.length > 0) {
      await this.output.write(text);
    }
  }

  private rename(cells: Record<string, unknown>, inputColumns: readonly string[]): Record<string, unknown> {
    if (this.outputNames === undefined) {
      const taken = new Set(inputColumns);
      this.outputNames = new Map(
        Object.keys(cells).map((name) => [name, taken.has(name) ? `${name}_predicted` : name]),
      );
    }
    const names = this.outputNames;
    return Object.fromEntries(Object.entries(cells).map(([k, v]) => [names.get(k) ?? k, v]));
  }
}

/** JSON cannot carry bigints (int64 outputs): written as numbers. */
function bigintAsNumber(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}
