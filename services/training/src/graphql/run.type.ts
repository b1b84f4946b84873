import { connectionTypes } from '@ferry/service-runtime';
import { GraphQLJSON } from 'graphql-scalars';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';

/** The registry's ModelVersion, referenced by id (resolved by the registry through the gateway). */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class ModelVersion {
  @Field(() => ID)
  id!: string;
}

/** The registry's DatasetVersion, referenced by id (resolved by the registry through the gateway). */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class DatasetVersion {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'The model version a run registered.' })
export class TrainedModelVersion {
  @Field(() => ID)
  id!: string;

  @Field()
  modelName!: string;

  @Field(() => Int)
  version!: number;
}

@ObjectType()
export class RunProgress {
  @Field({
    description: 'queued, starting, loading_data, training, validating, registering, promoting, finished, requeued.',
  })
  phase!: string;

  @Field(() => Int, { nullable: true, description: 'The trial in progress (1-based).' })
  trial!: number | null;

  @Field(() => Int, { nullable: true })
  trials!: number | null;

  @Field(() => Int, { nullable: true, description: "The trainer's iteration." })
  iteration!: number | null;

  @Field(() => Float, { nullable: true, description: "The trainer's loss at that iteration." })
  loss!: number | null;
}

@ObjectType({ description: 'What started a run.' })
export class RunTrigger {
  @Field({ description: 'manual, dataset_version, drift or schedule.' })
  kind!: string;

  @Field(() => GraphQLJSON, { description: 'The dataset version, drift report or scheduled time that started it.' })
  detail!: unknown;

  @Field()
  at!: Date;
}

@ObjectType({
  description: "One candidate of a run: its hyperparameters and its exported ONNX's scores on the holdout.",
})
export class Trial {
  @Field(() => Int, { description: '1-based.' })
  number!: number;

  @Field(() => GraphQLJSON)
  params!: unknown;

  @Field({ description: 'succeeded or failed.' })
  state!: string;

  @Field(() => GraphQLJSON, { description: 'Every metric of the task computed on the holdout rows.' })
  metrics!: unknown;

  @Field(() => Float, { nullable: true, description: 'The validation metric.' })
  score!: number | null;

  @Field(() => Float, { nullable: true })
  trainingLoss!: number | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => Float)
  durationMs!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'One execution of a pipeline, from the queue to a registered (and maybe promoted) model.' })
export class TrainingRun {
  @Field(() => ID)
  id!: string;

  @Field()
  pipelineName!: string;

  @Field({ description: 'queued, running, succeeded, failed or cancelled.' })
  state!: string;

  @Field({ description: 'What started it: manual, dataset_version, drift or schedule.' })
  trigger!: string;

  @Field(() => RunTrigger)
  triggeredBy!: RunTrigger;

  @Field(() => [RunTrigger], { description: 'Triggers that arrived while it waited, folded into it.' })
  coalescedTriggers!: RunTrigger[];

  @Field(() => ID, { nullable: true })
  datasetVersionId!: string | null;

  @Field(() => Int, { nullable: true, description: 'The number of the dataset version it trained on.' })
  datasetVersionNumber!: number | null;

  @Field(() => RunProgress)
  progress!: RunProgress;

  @Field(() => [Trial])
  trials!: Trial[];

  @Field(() => GraphQLJSON, { nullable: true, description: "The winner's metrics on the holdout (ONNX Runtime)." })
  metrics!: unknown;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description:
      'The promotion decision: {policy, alias, promoted, reason, metric, greaterIsBetter, minImprovement, challengerScore, championScore, championVersion}.',
  })
  decision!: unknown;

  @Field(() => TrainedModelVersion, { nullable: true })
  modelVersion!: TrainedModelVersion | null;

  @Field({ description: "The run's log: trials, scores, the decision, a command's output." })
  logs!: string;

  @Field(() => String, { nullable: true, description: 'Why it failed or was cancelled.' })
  error!: string | null;

  @Field()
  cancelRequested!: boolean;

  @Field(() => String, { nullable: true, description: 'The worker holding (or that last held) it.' })
  worker!: string | null;

  @Field(() => Int, { description: 'How many times a worker claimed it (more than 1: a worker died mid-run).' })
  attempts!: number;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;
}

export const { Connection: TrainingRunConnection } = connectionTypes('TrainingRun', TrainingRun);
