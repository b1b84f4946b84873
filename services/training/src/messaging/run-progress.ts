import { createEnvelope, Events, subjectOf } from '@ferry/contracts';
import { publishEnvelope } from '@ferry/messaging';
import type { Logger } from '@ferry/service-runtime';
import type { JetStreamClient } from 'nats';

import { runUpdatedPayload } from '../domain/events';
import type { ProgressSink } from '../domain/ports';
import type { TrainingRun } from '../domain/run';

/**
 * Publishes a running run's progress on `<prefix>.training.run.updated` straight to JetStream: progress is a stream
 * of snapshots (the next one supersedes a lost one), so it skips the outbox. State changes go through the outbox
 * with the change they announce.
 */
export class JetStreamRunProgress implements ProgressSink {
  constructor(
    private readonly js: JetStreamClient,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async progress(run: TrainingRun): Promise<void> {
    const envelope = createEnvelope(Events.trainingRunUpdated, runUpdatedPayload(run), {
      source: 'training',
      actor: run.createdBy,
    });
    try {
      await publishEnvelope(this.js, subjectOf(Events.trainingRunUpdated, this.prefix), envelope);
    } catch (error) {
      this.logger.warn({ run: run.id, err: error }, 'training progress not published');
    }
  }
}
