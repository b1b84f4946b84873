import { randomUUID } from 'node:crypto';

import { badInput, conflict, notFound, pageRequest, type Page } from '@ferry/contracts';

import type { Actor } from './access';
import type { RunEvents } from './events';
import type { Pipeline } from './pipeline';
import type { PipelineRunsTx, PipelineStore, RunStore } from './ports';
import { isFinal, QUEUED_PROGRESS, RUN_STATES, type RunState, type RunTrigger, type TrainingRun } from './run';

/**
 * Starting, coalescing, cancelling and reading runs. One run at a time per pipeline: a pipeline has at most one
 * dispatched run (on the work queue, or running) and at most one follow-up waiting behind it; triggers that arrive
 * meanwhile are folded into the run that has not started yet.
 */
export class TrainingRuns {
  constructor(
    private readonly pipelines: PipelineStore,
    private readonly store: RunStore,
    private readonly events: RunEvents,
    /** Called after each committed change that wrote events (to nudge the outbox). */
    private readonly committed: () => void,
  ) {}

  /** Queues a run of the pipeline, or folds the trigger into the run that waits; answers that run. */
  async trigger(pipelineName: string, trigger: Omit<RunTrigger, 'at'>, actor: Actor): Promise<TrainingRun> {
    const pipeline = await this.pipeline(pipelineName);
    return this.triggerPipeline(pipeline, trigger, actor);
  }

  async triggerPipeline(pipeline: Pipeline, trigger: Omit<RunTrigger, 'at'>, actor: Actor): Promise<TrainingRun> {
    const at = new Date();
    const run = await this.store.withPipeline(pipeline.id, async (tx) => {
      const open = await tx.openRuns();
      const waiting = open.find((r) => r.state === 'queued' && !r.cancelRequested);
      const running = open.find((r) => r.state === 'running');
      if (waiting !== undefined && (running === undefined || !waiting.dispatched)) {
        waiting.coalesced.push({ ...trigger, at });
        await tx.update(waiting);
        return waiting;
      }
      const spec = (await tx.pipeline()) ?? pipeline;
      const created = newRun(spec, { ...trigger, at }, actor);
      created.dispatched = running === undefined && waiting === undefined;
      await tx.insert(created);
      await tx.publish(this.events.updated(created), ...(created.dispatched ? [this.events.queued(created)] : []));
      return created;
    });
    this.committed();
    return run;
  }

  /**
   * Cancels a run: a queued one at once, a running one at its worker's next heartbeat (it answers with
   * `cancelRequested`). A final run is CONFLICT.
   */
  async cancel(id: string, actor: Actor): Promise<TrainingRun> {
    const found = await this.run(id);
    if (isFinal(found.state)) {
      throw conflict(`training run ${id} is already ${found.state}`);
    }
    const run = await this.store.withPipeline(found.pipelineId, async (tx) => {
      const current = await tx.run(id);
      if (current === undefined || isFinal(current.state)) {
        throw conflict(`training run ${id} is already ${current?.state ?? 'gone'}`);
      }
      if (current.state === 'running') {
        current.cancelRequested = true;
        await tx.update(current);
        return current;
      }
      current.cancelRequested = true;
      current.state = 'cancelled';
      current.error = `cancelled before it started${actor.id === null ? '' : ` by ${actor.id}`}`;
      current.finishedAt = new Date();
      current.progress = { ...current.progress, phase: 'finished' };
      await tx.update(current);
      await tx.publish(this.events.updated(current));
      if (current.dispatched) {
        await dispatchFollowUp(tx, this.events);
      }
      return current;
    });
    this.committed();
    return run;
  }

  async run(id: string): Promise<TrainingRun> {
    const run = await this.store.findById(id);
    if (run === undefined) {
      throw notFound(`no training run with id ${id}`);
    }
    return run;
  }

  async list(
    filter: { pipeline?: string | null; state?: string | null },
    first?: number | null,
    after?: string | null,
  ): Promise<Page<TrainingRun>> {
    const state = filter.state ?? null;
    if (state !== null && !(RUN_STATES as readonly string[]).includes(state)) {
      throw badInput(`state must be one of ${RUN_STATES.join(', ')}, got "${state}"`, { field: 'state' });
    }
    const pipeline = filter.pipeline ?? null;
    if (pipeline !== null) {
      await this.pipeline(pipeline);
    }
    return this.store.list({ pipeline, state: state as RunState | null }, pageRequest(first, after));
  }

  private async pipeline(name: string): Promise<Pipeline> {
    const pipeline = await this.pipelines.findByName(name.trim());
    if (pipeline === undefined) {
      throw notFound(`no pipeline named "${name}"`);
    }
    return pipeline;
  }
}

/** Hands the pipeline's waiting follow-up (if any) to the work queue, in the transaction that freed its turn. */
export async function dispatchFollowUp(tx: PipelineRunsTx, events: RunEvents): Promise<TrainingRun | undefined> {
  const next = (await tx.openRuns()).find((r) => r.state === 'queued' && !r.dispatched);
  if (next === undefined) {
    return undefined;
  }
  next.dispatched = true;
  await tx.update(next);
  await tx.publish(events.queued(next));
  return next;
}

function newRun(pipeline: Pipeline, trigger: RunTrigger, actor: Actor): TrainingRun {
  return {
    id: randomUUID(),
    pipelineId: pipeline.id,
    pipelineName: pipeline.name,
    spec: pipeline,
    state: 'queued',
    trigger,
    coalesced: [],
    dispatched: false,
    cancelRequested: false,
    datasetVersionId: null,
    datasetVersion: null,
    progress: { ...QUEUED_PROGRESS },
    trials: [],
    metrics: null,
    decision: null,
    modelVersion: null,
    logs: '',
    error: null,
    worker: null,
    attempts: 0,
    heartbeatAt: null,
    createdAt: trigger.at,
    startedAt: null,
    finishedAt: null,
    createdBy: actor.id,
  };
}
