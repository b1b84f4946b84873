import { FerryError, type PredictionRecord } from '@ferry/contracts';
import type { MetricsRegistry } from '@ferry/metrics';

import type { Deployment } from '../domain/deployment';
import type { ModelPool } from '../domain/model-pool';
import type { Served, ServingObserver } from '../domain/serving';
import type { PredictionLog } from '../messaging/prediction-log';

const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/**
 * Metrics and the prediction log, fed by the serving table: request, error and latency series per
 * deployment and version; batch sizes and queue time; loaded models; sampled prediction records.
 */
export class ServingTelemetry implements ServingObserver {
  private readonly requests;
  private readonly errors;
  private readonly latency;
  private readonly batchRows;
  private readonly queueTime;
  readonly logDropped;
  readonly logPublished;
  /** Records to build once the answers of this turn of the event loop have gone out. */
  private readonly unlogged: Array<() => PredictionRecord> = [];

  constructor(
    registry: MetricsRegistry,
    private readonly log: () => PredictionLog | undefined,
    pool: ModelPool,
  ) {
    const labels = ['deployment', 'version'] as const;
    this.requests = registry.counter('ferry_inference_requests_total', 'Predictions answered.', [...labels, 'kind']);
    this.errors = registry.counter('ferry_inference_errors_total', 'Predictions that failed, by error code.', [
      'deployment',
      'code',
      'kind',
    ]);
    this.latency = registry.histogram(
      'ferry_inference_request_duration_seconds',
      'Time to answer a prediction (model run included).',
      {
        labelNames: [...labels],
      },
    );
    this.batchRows = registry.histogram(
      'ferry_inference_batch_rows',
      'Rows in each model run a request shared (dynamic batching).',
      {
        labelNames: [...labels],
        buckets: BATCH_BUCKETS,
      },
    );
    this.queueTime = registry.histogram('ferry_inference_queue_seconds', 'Time a request waited for its batch.', {
      labelNames: [...labels],
    });
    this.logDropped = registry.counter(
      'ferry_inference_prediction_log_dropped_total',
      'Prediction records dropped because the buffer was full.',
    );
    this.logPublished = registry.counter(
      'ferry_inference_prediction_log_published_total',
      'Prediction records acknowledged by JetStream.',
    );
    const loaded = registry.gauge('ferry_inference_loaded_models', 'Model versions loaded in this replica.');
    const buffered = registry.gauge(
      'ferry_inference_prediction_log_buffered',
      'Prediction records waiting for JetStream.',
    );
    registry.collect(() => {
      loaded.set(pool.size);
      buffered.set(this.log()?.buffered ?? 0);
    });
  }

  predicted(deployment: Deployment, served: Served): void {
    const version = String(served.version.version);
    this.requests.inc({ deployment: deployment.name, version, kind: 'live' });
    this.latency.observe(served.latencyMs / 1000, { deployment: deployment.name, version });
    this.batchRows.observe(served.output.batch.rows, { deployment: deployment.name, version });
    this.queueTime.observe(served.output.batch.queueMs / 1000, { deployment: deployment.name, version });
    if (deployment.logSampleRate >= 1 || Math.random() < deployment.logSampleRate) {
      this.logSoon(() => record(deployment, served, served.requestId, served.predictionIds, 'live'));
    }
  }

  shadowed(deployment: Deployment, live: Served, shadow: Served): void {
    this.requests.inc({ deployment: deployment.name, version: String(shadow.version.version), kind: 'shadow' });
    if (deployment.logSampleRate >= 1 || Math.random() < deployment.logSampleRate) {
      this.logSoon(() => record(deployment, shadow, `${live.requestId}:shadow`, live.predictionIds, 'shadow'));
    }
  }

  failed(deployment: string, error: unknown, shadow: boolean): void {
    const code = error instanceof FerryError ? error.code : 'INTERNAL';
    this.errors.inc({ deployment, code, kind: shadow ? 'shadow' : 'live' });
  }

  /**
   * Builds and logs the record after the answer has gone out, so it costs the client nothing; every record of one
   * turn of the event loop in one callback, so the NATS client writes them to its socket at once.
   */
  private logSoon(build: () => PredictionRecord): void {
    this.unlogged.push(build);
    if (this.unlogged.length === 1) {
      setImmediate(() => {
        const log = this.log();
        for (const next of this.unlogged.splice(0)) {
          log?.record(next());
        }
      });
    }
  }
}

function record(
  deployment: Deployment,
  served: Served,
  id: string,
  predictionIds: string[],
  kind: 'live' | 'shadow',
): PredictionRecord {
  const inputs = served.output.inputRows();
  return {
    id,
    type: 'prediction',
    schemaVersion: 1,
    time: new Date().toISOString(),
    deployment: deployment.name,
    modelName: served.version.modelName,
    modelVersion: served.version.version,
    modelVersionId: served.version.id,
    kind,
    latencyMs: served.latencyMs,
    rows: predictionIds.map((predictionId, i) => ({
      predictionId,
      inputs: inputs[i] ?? {},
      outputs: served.output.perRow[i] ?? {},
    })),
  };
}
