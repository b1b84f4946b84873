import { toConnection, type ConnectionShape } from '@ferry/service-runtime';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import type { BatchJobs } from '../domain/batch-jobs';
import {
  BatchPrediction,
  BatchPredictionConnection,
  DatasetVersion,
  StartBatchPredictionInput,
} from './batch-prediction.type';
import type { RequestContext } from './context';

@Resolver(() => BatchPrediction)
export class BatchPredictionResolver {
  constructor(private readonly jobs: BatchJobs) {}

  @Query(() => BatchPrediction, { nullable: true, description: 'One batch prediction job (NOT_FOUND when unknown).' })
  async batchPrediction(@Arg('id', () => ID) id: string): Promise<BatchPrediction> {
    return this.jobs.get(id);
  }

  @Query(() => BatchPredictionConnection, { description: 'Batch prediction jobs, newest first.' })
  async batchPredictions(
    @Arg('deployment', () => String, { nullable: true }) deployment?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<BatchPrediction>> {
    return toConnection(await this.jobs.list(deployment ?? null, first, after), (j) => j);
  }

  @Mutation(() => BatchPrediction, {
    description:
      'Starts a batch prediction; answers the queued job at once. Progress on ferry.inference.batch.progress.',
  })
  async startBatchPrediction(
    @Arg('input', () => StartBatchPredictionInput) input: StartBatchPredictionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<BatchPrediction> {
    return this.jobs.start(input, ctx.actor);
  }

  @Mutation(() => BatchPrediction, { description: 'Asks a job to stop; it ends cancelled at its next chunk.' })
  async cancelBatchPrediction(@Arg('id', () => ID) id: string): Promise<BatchPrediction> {
    return this.jobs.cancel(id);
  }

  @FieldResolver(() => DatasetVersion, { description: 'The input dataset version (resolved through the gateway).' })
  datasetVersion(@Root() job: BatchPrediction): DatasetVersion {
    return { id: job.datasetVersionId };
  }

  @FieldResolver(() => DatasetVersion, { nullable: true, description: 'The output, once the job succeeded.' })
  outputDatasetVersion(@Root() job: BatchPrediction): DatasetVersion | null {
    return job.outputDatasetVersionId === null ? null : { id: job.outputDatasetVersionId };
  }

  @FieldResolver(() => Number, { nullable: true, description: 'rowsDone / rowsTotal, when the total is known.' })
  progress(@Root() job: BatchPrediction): number | null {
    return job.rowsTotal === null || job.rowsTotal === 0 ? null : Math.min(1, job.rowsDone / job.rowsTotal);
  }
}
