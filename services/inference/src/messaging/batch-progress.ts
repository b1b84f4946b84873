import { createEnvelope, Events, subjectOf } from '@ferry/contracts';
import { publishEnvelope } from '@ferry/messaging';
import type { Logger } from '@ferry/service-runtime';
import type { JetStreamClient } from 'nats';

import type { BatchJob } from '../domain/batch-job';
import type { BatchProgressSink } from '../domain/ports';

/**
 * Publishes each job report on `<prefix>.inference.batch.progress` straight to JetStream: progress is a stream of
 * snapshots (the next one supersedes a lost one), so it skips the outbox; the job row stays the record.
 */
export class JetStreamBatchProgress implements BatchProgressSink {
  constructor(
    private readonly js: JetStreamClient,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async progress(job: BatchJob): Promise<void> {
    const envelope = createEnvelope(
      Events.batchProgress,
      {
        jobId: job.id,
        deployment: job.deployment,
        datasetVersionId: job.datasetVersionId,
        modelVersion:
          job.modelVersion === null
            ? null
            : { id: job.modelVersion.id, modelName: job.modelVersion.modelName, version: job.modelVersion.version },
        state: job.state,
        rowsDone: job.rowsDone,
        rowsTotal: job.rowsTotal,
        outputDatasetVersionId: job.outputDatasetVersionId,
        error: job.error,
      },
      { source: 'inference', actor: job.createdBy },
    );
    try {
      await publishEnvelope(this.js, subjectOf(Events.batchProgress, this.prefix), envelope);
    } catch (error) {
      this.logger.warn({ job: job.id, err: error }, 'batch progress not published');
    }
  }
}
