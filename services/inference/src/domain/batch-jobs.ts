import { randomUUID } from 'node:crypto';

import { badInput, conflict, notFound, pageRequest, validateResourceName, type Page } from '@ferry/contracts';

import { isFinal, type BatchJob } from './batch-job';
import { featureColumns } from './batch-rows';
import { runBatchJob } from './batch-run';
import type { ModelPool } from './model-pool';
import type { BatchJobStore, BatchProgressSink, DatasetSource } from './ports';
import type { ServingTable } from './serving';

export interface StartBatchCommand {
  deployment: string;
  datasetVersionId: string;
  /** Default: `<deployment>-predictions`. */
  outputDatasetName?: string | null;
  /** Rows per model run; default 1024 (at most the replica's row limit). */
  chunkSize?: number | null;
  /** A version the deployment serves; default: its route with the most traffic. */
  version?: number | null;
  /** Dataset columns feeding a matrix input, in order. */
  features?: string[] | null;
}

export interface BatchSettings {
  /** The replica's limit of rows per request (FERRY_INFERENCE_MAX_ROWS). */
  maxRows: number;
  /** How often a running job reports progress, refreshes its heartbeat and checks for cancellation. */
  progressIntervalMs: number;
}

/** A job whose heartbeat is older than this many progress intervals was interrupted (its replica stopped). */
const STALE_INTERVALS = 10;

/**
 * Batch predictions: a dataset version's rows streamed in chunks through a deployment's model and written as a
 * new dataset version with its lineage. The job runs on the replica that accepted it; progress is published at
 * least every `progressIntervalMs`; a cancellation (from any replica, through the store) stops it at its next chunk.
 */
export class BatchJobs {
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly store: BatchJobStore,
    private readonly datasets: DatasetSource,
    private readonly serving: ServingTable,
    private readonly pool: ModelPool,
    private readonly sink: BatchProgressSink,
    private readonly settings: BatchSettings,
  ) {}

  /** Validates the request, records the job and starts it; answers the queued job at once. */
  async start(command: StartBatchCommand, actor: { id: string | null }): Promise<BatchJob> {
    const deployment = validateResourceName('deployment', command.deployment);
    const chunkSize = command.chunkSize ?? Math.min(1024, this.settings.maxRows);
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > this.settings.maxRows) {
      throw badInput(`chunkSize must be an integer from 1 to ${this.settings.maxRows}, got ${chunkSize}`);
    }
    const outputDatasetName = validateResourceName(
      'outputDatasetName',
      command.outputDatasetName ?? `${deployment}-predictions`,
    );
    const features = command.features ?? null;
    const version = this.serving.batchVersion(deployment, command.version ?? undefined);
    const dataset = await this.datasets.describe(command.datasetVersionId);
    const now = new Date();
    const job: BatchJob = {
      id: randomUUID(),
      deployment,
      datasetVersionId: dataset.id,
      outputDatasetName,
      features,
      chunkSize,
      modelVersion: version,
      state: 'queued',
      cancelRequested: false,
      rowsDone: 0,
      rowsTotal: dataset.rowCount,
      outputDatasetVersionId: null,
      error: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      heartbeatAt: now,
      createdBy: actor.id,
    };
    // Refuse a dataset the model cannot read before anything is recorded.
    const loaded = await this.pool.hold(version);
    try {
      featureColumns(loaded.model.signature, features, dataset.columns);
    } catch (error) {
      this.pool.letGo(loaded);
      throw error;
    }
    await this.store.insert(job);
    await this.sink.progress(job);
    const queued = { ...job };
    const run = runBatchJob(job, dataset, loaded, {
      store: this.store,
      datasets: this.datasets,
      sink: this.sink,
      intervalMs: this.settings.progressIntervalMs,
      stopping: this.abort.signal,
    }).finally(() => {
      this.pool.letGo(loaded);
      this.running.delete(job.id);
    });
    this.running.set(job.id, run);
    return queued;
  }

  /** Asks a job to stop; it ends `cancelled` at its next chunk. A final job is CONFLICT. */
  async cancel(id: string): Promise<BatchJob> {
    const job = await this.get(id);
    if (isFinal(job.state)) {
      throw conflict(`batch prediction ${id} is already ${job.state}`);
    }
    await this.store.requestCancel(id);
    job.cancelRequested = true;
    return job;
  }

  /** One job (NOT_FOUND when unknown); a running job whose replica stopped reads as failed. */
  async get(id: string): Promise<BatchJob> {
    const job = await this.store.findById(id);
    if (job === undefined) {
      throw notFound(`no batch prediction with id ${id}`);
    }
    return this.markIfInterrupted(job);
  }

  async list(deployment: string | null, first?: number | null, after?: string | null): Promise<Page<BatchJob>> {
    const page = await this.store.list(deployment, pageRequest(first, after));
    return { ...page, items: await Promise.all(page.items.map((j) => this.markIfInterrupted(j))) };
  }

  /** At start: jobs left unfinished by a stopped replica are failed (their output was never registered). */
  async sweepInterrupted(): Promise<void> {
    for (const job of await this.store.unfinished()) {
      await this.markIfInterrupted(job);
    }
  }

  /** Stops the jobs of this replica (they end failed: "the replica stopped"). */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  private async markIfInterrupted(job: BatchJob): Promise<BatchJob> {
    const staleAfter = this.settings.progressIntervalMs * STALE_INTERVALS;
    const beat = job.heartbeatAt?.getTime() ?? job.createdAt.getTime();
    if (isFinal(job.state) || this.running.has(job.id) || Date.now() - beat < staleAfter) {
      return job;
    }
    job.state = 'failed';
    job.error = 'interrupted: the replica running it stopped';
    job.finishedAt = new Date();
    await this.store.update(job);
    await this.sink.progress(job);
    return job;
  }
}
