import { toConnection, type ConnectionShape } from '@ferry/service-runtime';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import type { Pipelines } from '../domain/pipelines';
import type { TrainingRuns } from '../domain/runs';
import type { RequestContext } from './context';
import { CreatePipelineInput, Pipeline, PipelineConnection, UpdatePipelineInput } from './pipeline.type';
import { toRunType } from './run.resolver';
import { TrainingRun, TrainingRunConnection } from './run.type';

@Resolver(() => Pipeline)
export class PipelineResolver {
  constructor(
    private readonly catalog: Pipelines,
    private readonly history: TrainingRuns,
  ) {}

  @Query(() => PipelineConnection, { description: 'Pipelines by name.' })
  async pipelines(
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<Pipeline>> {
    return toConnection(await this.catalog.list(first, after), (p) => p);
  }

  @Query(() => Pipeline, {
    nullable: true,
    description: 'One pipeline by name (null with NOT_FOUND when there is none).',
  })
  async pipeline(@Arg('name', () => String) name: string): Promise<Pipeline> {
    return this.catalog.pipeline(name);
  }

  @Mutation(() => Pipeline, { description: 'Creates a pipeline; a command trainer needs an admin.' })
  async createPipeline(
    @Arg('input', () => CreatePipelineInput) input: CreatePipelineInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Pipeline> {
    return this.catalog.create(input, ctx.actor);
  }

  @Mutation(() => Pipeline, {
    description: 'Changes a pipeline; a run takes the pipeline as it is when the run starts.',
  })
  async updatePipeline(
    @Arg('input', () => UpdatePipelineInput) input: UpdatePipelineInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Pipeline> {
    return this.catalog.update(input, ctx.actor);
  }

  @FieldResolver(() => TrainingRunConnection, { description: 'Its runs, newest first.' })
  async runs(
    @Root() pipeline: Pipeline,
    @Arg('state', () => String, { nullable: true }) state?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<TrainingRun>> {
    return toConnection(await this.history.list({ pipeline: pipeline.name, state }, first, after), toRunType);
  }

  @FieldResolver(() => TrainingRun, { nullable: true, description: 'Its newest run.' })
  async lastRun(@Root() pipeline: Pipeline): Promise<TrainingRun | null> {
    const page = await this.history.list({ pipeline: pipeline.name }, 1, null);
    const run = page.items[0];
    return run === undefined ? null : toRunType(run);
  }
}
