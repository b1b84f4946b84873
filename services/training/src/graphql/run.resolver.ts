import { toConnection, type ConnectionShape } from '@ferry/service-runtime';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import type { Pipelines } from '../domain/pipelines';
import type { TrainingRun as Run } from '../domain/run';
import type { TrainingRuns } from '../domain/runs';
import type { RequestContext } from './context';
import { Pipeline } from './pipeline.type';
import { DatasetVersion, ModelVersion, TrainingRun, TrainingRunConnection } from './run.type';

@Resolver(() => TrainingRun)
export class TrainingRunResolver {
  constructor(
    private readonly runs: TrainingRuns,
    private readonly pipelines: Pipelines,
  ) {}

  @Query(() => TrainingRunConnection, { description: 'Training runs, newest first; of one pipeline and/or state.' })
  async trainingRuns(
    @Arg('pipeline', () => String, { nullable: true }) pipeline?: string,
    @Arg('state', () => String, { nullable: true }) state?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<TrainingRun>> {
    return toConnection(await this.runs.list({ pipeline, state }, first, after), toRunType);
  }

  @Query(() => TrainingRun, { nullable: true, description: 'One run (null with NOT_FOUND when unknown).' })
  async trainingRun(@Arg('id', () => ID) id: string): Promise<TrainingRun> {
    return toRunType(await this.runs.run(id));
  }

  @Mutation(() => TrainingRun, {
    description:
      'Queues a run of the pipeline; while one runs, triggers fold into one follow-up run, which is answered.',
  })
  async triggerTrainingRun(
    @Arg('pipeline', () => String) pipeline: string,
    @Ctx() ctx: RequestContext,
  ): Promise<TrainingRun> {
    return toRunType(await this.runs.trigger(pipeline, { kind: 'manual', detail: {} }, ctx.actor));
  }

  @Mutation(() => TrainingRun, {
    description: 'Cancels a run: a queued one at once, a running one at its next heartbeat. CONFLICT when final.',
  })
  async cancelTrainingRun(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<TrainingRun> {
    return toRunType(await this.runs.cancel(id, ctx.actor));
  }

  @FieldResolver(() => Pipeline, { nullable: true, description: 'The pipeline as it is now.' })
  async pipeline(@Root() run: TrainingRun): Promise<Pipeline | null> {
    return this.pipelines.pipeline(run.pipelineName).catch(() => null);
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: "The registry's model version it registered." })
  registeredModelVersion(@Root() run: TrainingRun): ModelVersion | null {
    return run.modelVersion === null ? null : { id: run.modelVersion.id };
  }

  @FieldResolver(() => DatasetVersion, { nullable: true, description: "The registry's dataset version it trained on." })
  datasetVersion(@Root() run: TrainingRun): DatasetVersion | null {
    return run.datasetVersionId === null ? null : { id: run.datasetVersionId };
  }

  @FieldResolver(() => Number, { nullable: true, description: 'From start to end (or now, while it runs).' })
  durationSeconds(@Root() run: TrainingRun): number | null {
    if (run.startedAt === null) {
      return null;
    }
    return ((run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime()) / 1000;
  }
}

/** The GraphQL shape of a run. */
export function toRunType(run: Run): TrainingRun {
  return {
    id: run.id,
    pipelineName: run.pipelineName,
    state: run.state,
    trigger: run.trigger.kind,
    triggeredBy: run.trigger,
    coalescedTriggers: run.coalesced,
    datasetVersionId: run.datasetVersionId,
    datasetVersionNumber: run.datasetVersion,
    progress: run.progress,
    trials: run.trials.map((t) => ({
      number: t.index + 1,
      params: t.params,
      state: t.state,
      metrics: t.metrics,
      score: t.score,
      trainingLoss: t.trainingLoss,
      error: t.error,
      durationMs: t.durationMs,
    })),
    metrics: run.metrics,
    decision: run.decision,
    modelVersion: run.modelVersion,
    logs: run.logs,
    error: run.error,
    cancelRequested: run.cancelRequested,
    worker: run.worker,
    attempts: run.attempts,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    createdBy: run.createdBy,
  };
}
