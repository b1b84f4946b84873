import {
  createEnvelope,
  Events,
  subjectOf,
  type EventDefinition,
  type EventEnvelope,
  type TrainingRunUpdatedPayload,
} from '@ferry/contracts';
import { z } from 'zod';

import type { TrainingRun } from './run';

/** An event to write to the outbox with the change it announces. */
export interface OutgoingEvent {
  subject: string;
  envelope: EventEnvelope;
}

/** A run handed to the work queue `<prefix>.training.queue` (stream `<P>_TRAINING_QUEUE`): workers compete for it. */
export const TrainingRunQueued: EventDefinition<{ runId: string; pipeline: string }> = {
  type: 'training.queue',
  subject: (subjects) => subjects.training.queue,
  schema: z.object({ runId: z.string().min(1), pipeline: z.string().min(1) }),
};

/** The `training.run.updated` payload of a run as it is now. */
export function runUpdatedPayload(run: TrainingRun): TrainingRunUpdatedPayload {
  return {
    runId: run.id,
    pipeline: run.pipelineName,
    state: run.state,
    trigger: run.trigger.kind,
    progress: { ...run.progress },
    metrics: run.metrics,
    decision: run.decision === null ? null : { ...run.decision },
    modelVersion: run.modelVersion,
    error: run.error,
  };
}

/** Builds the events of the training service for one NATS prefix. */
export class RunEvents {
  constructor(private readonly natsPrefix: string) {}

  updated(run: TrainingRun): OutgoingEvent {
    return {
      subject: subjectOf(Events.trainingRunUpdated, this.natsPrefix),
      envelope: createEnvelope(Events.trainingRunUpdated, runUpdatedPayload(run), {
        source: 'training',
        actor: run.createdBy,
      }),
    };
  }

  queued(run: TrainingRun): OutgoingEvent {
    return {
      subject: subjectOf(TrainingRunQueued, this.natsPrefix),
      envelope: createEnvelope(
        TrainingRunQueued,
        { runId: run.id, pipeline: run.pipelineName },
        { source: 'training', actor: run.createdBy },
      ),
    };
  }
}
