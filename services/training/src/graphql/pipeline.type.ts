import { connectionTypes } from '@ferry/service-runtime';
import { GraphQLJSON } from 'graphql-scalars';
import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A built-in trainer (kmeans, logistic_regression, linear_regression, ridge) or a command.' })
export class TrainerConfig {
  @Field()
  type!: string;

  @Field(() => GraphQLJSON, { description: 'Hyperparameters; a command receives them as FERRY_TRAIN_PARAMS.' })
  params!: Record<string, unknown>;

  @Field(() => [String], { nullable: true, description: "The command trainer's argv (no shell)." })
  command!: string[] | null;

  @Field(() => Float, { nullable: true, description: "The command trainer's deadline per trial." })
  timeoutSeconds!: number | null;
}

@ObjectType({
  description: 'Hyperparameters searched over: one trial per point, the best on the validation metric wins.',
})
export class SearchSpace {
  @Field({ description: 'grid or random.' })
  strategy!: string;

  @Field(() => GraphQLJSON, { description: 'Hyperparameter → list of values, or {min, max, log, integer} (random).' })
  space!: unknown;

  @Field(() => Int, { description: 'The trial budget.' })
  trials!: number;
}

@ObjectType()
export class ValidationConfig {
  @Field(() => Float, { description: 'Fraction of the rows held out for the gate.' })
  holdoutFraction!: number;

  @Field(() => Int, { description: 'Seed of the split and of the trainers.' })
  seed!: number;

  @Field({ description: 'accuracy, f1, log_loss, roc_auc, rmse, mae, r2 or inertia.' })
  metric!: string;

  @Field()
  greaterIsBetter!: boolean;
}

@ObjectType()
export class PromotionConfig {
  @Field({ description: 'The alias a better model moves to.' })
  alias!: string;

  @Field({ description: 'manual (register only) or if_better (move the alias when the challenger wins).' })
  policy!: string;

  @Field(() => Float, { description: 'How much better, in metric units, the challenger must be.' })
  minImprovement!: number;
}

@ObjectType()
export class TriggerConfig {
  @Field({ description: 'Train on each new version of the dataset (unpinned pipelines).' })
  onNewDatasetVersion!: boolean;

  @Field(() => String, { nullable: true, description: 'Train when this deployment starts drifting.' })
  onDriftOf!: string | null;

  @Field(() => String, { nullable: true, description: 'A 5-field cron expression, in UTC.' })
  schedule!: string | null;
}

@Directive('@key(fields: "name")')
@ObjectType({ description: 'What to train on, how, how to judge it, where to register it and when to run.' })
export class Pipeline {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field()
  datasetName!: string;

  @Field(() => Int, { nullable: true, description: 'The pinned dataset version; null trains on the latest.' })
  datasetVersion!: number | null;

  @Field(() => String, { nullable: true, description: 'The column to predict (none for clustering).' })
  target!: string | null;

  @Field(() => [String], { nullable: true, description: 'The raw feature columns; null means all but the target.' })
  features!: string[] | null;

  @Field(() => TrainerConfig)
  trainer!: TrainerConfig;

  @Field(() => SearchSpace, { nullable: true })
  search!: SearchSpace | null;

  @Field(() => ValidationConfig)
  validation!: ValidationConfig;

  @Field({ description: 'The registry model new versions are registered under.' })
  modelName!: string;

  @Field(() => PromotionConfig)
  promotion!: PromotionConfig;

  @Field(() => TriggerConfig)
  triggers!: TriggerConfig;

  @Field(() => Date, { nullable: true, description: 'When the schedule fires next.' })
  nextScheduledAt!: Date | null;

  @Field(() => Int)
  revision!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;
}

export const { Connection: PipelineConnection } = connectionTypes('Pipeline', Pipeline);

@InputType()
export class TrainerInput {
  @Field({ description: 'kmeans, logistic_regression, linear_regression, ridge or command (admins only).' })
  type!: string;

  @Field(() => GraphQLJSON, { nullable: true })
  params?: unknown;

  @Field(() => [String], { nullable: true, description: 'For type command: the program and its arguments.' })
  command?: string[] | null;

  @Field(() => Float, { nullable: true, description: 'For type command: seconds per trial (default 3600).' })
  timeoutSeconds?: number | null;
}

@InputType()
export class SearchSpaceInput {
  @Field({ description: 'grid or random.' })
  strategy!: string;

  @Field(() => GraphQLJSON, { description: 'Hyperparameter → list of values, or {min, max, log?, integer?} (random).' })
  space!: unknown;

  @Field(() => Int, { nullable: true, description: 'Trial budget (grid: its size, at most 200; random: 10).' })
  trials?: number | null;
}

@InputType()
export class ValidationInput {
  @Field(() => Float, { nullable: true, description: 'Default 0.2.' })
  holdoutFraction?: number | null;

  @Field(() => Int, { nullable: true, description: 'Default 0.' })
  seed?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Default: accuracy (classifier), rmse (regression), inertia (k-means); required for a command.',
  })
  metric?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Default: the metric's own direction." })
  greaterIsBetter?: boolean | null;
}

@InputType()
export class PromotionInput {
  @Field(() => String, { nullable: true, description: 'Default "production".' })
  alias?: string | null;

  @Field(() => String, { nullable: true, description: 'manual (default) or if_better.' })
  policy?: string | null;

  @Field(() => Float, { nullable: true, description: 'Default 0.' })
  minImprovement?: number | null;
}

@InputType()
export class TriggersInput {
  @Field(() => Boolean, { nullable: true })
  onNewDatasetVersion?: boolean | null;

  @Field(() => String, { nullable: true, description: 'A deployment name; null removes the trigger.' })
  onDriftOf?: string | null;

  @Field(() => String, { nullable: true, description: 'A 5-field cron expression (UTC); null removes it.' })
  schedule?: string | null;
}

@InputType()
export class CreatePipelineInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field()
  datasetName!: string;

  @Field(() => Int, { nullable: true, description: 'Pin a dataset version; by default each run takes the latest.' })
  datasetVersion?: number | null;

  @Field(() => String, { nullable: true })
  target?: string | null;

  @Field(() => [String], { nullable: true })
  features?: string[] | null;

  @Field(() => TrainerInput)
  trainer!: TrainerInput;

  @Field(() => SearchSpaceInput, { nullable: true })
  search?: SearchSpaceInput | null;

  @Field(() => ValidationInput, { nullable: true })
  validation?: ValidationInput | null;

  @Field()
  modelName!: string;

  @Field(() => PromotionInput, { nullable: true })
  promotion?: PromotionInput | null;

  @Field(() => TriggersInput, { nullable: true })
  triggers?: TriggersInput | null;
}

@InputType({
  description: '`name` selects the pipeline; omitted fields keep their value, null clears an optional one.',
})
export class UpdatePipelineInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  datasetName?: string | null;

  @Field(() => Int, { nullable: true })
  datasetVersion?: number | null;

  @Field(() => String, { nullable: true })
  target?: string | null;

  @Field(() => [String], { nullable: true })
  features?: string[] | null;

  @Field(() => TrainerInput, { nullable: true })
  trainer?: TrainerInput | null;

  @Field(() => SearchSpaceInput, { nullable: true })
  search?: SearchSpaceInput | null;

  @Field(() => ValidationInput, { nullable: true })
  validation?: ValidationInput | null;

  @Field(() => String, { nullable: true })
  modelName?: string | null;

  @Field(() => PromotionInput, { nullable: true })
  promotion?: PromotionInput | null;

  @Field(() => TriggersInput, { nullable: true })
  triggers?: TriggersInput | null;
}
