import { connectionTypes } from '@ferry/service-runtime';
import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

/** The registry's DatasetVersion, referenced by id (resolved by the registry through the gateway). */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class DatasetVersion {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'The model version a batch job runs (chosen at start, kept to the end).' })
export class BatchModelVersion {
  @Field(() => ID)
  id!: string;

  @Field()
  modelName!: string;

  @Field(() => Int)
  version!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    "A batch prediction: a dataset version's rows through a deployment's model, written as a new dataset version.",
})
export class BatchPrediction {
  @Field(() => ID)
  id!: string;

  @Field()
  deployment!: string;

  @Field(() => ID)
  datasetVersionId!: string;

  @Field({ description: 'The dataset the output is registered under (a new version).' })
  outputDatasetName!: string;

  @Field(() => [String], { nullable: true, description: 'Dataset columns feeding a matrix input, in order.' })
  features!: string[] | null;

  @Field(() => Int, { description: 'Rows per model run.' })
  chunkSize!: number;

  @Field(() => BatchModelVersion, { nullable: true })
  modelVersion!: BatchModelVersion | null;

  @Field({ description: 'queued, running, succeeded, failed or cancelled.' })
  state!: string;

  @Field({ description: 'True once cancellation was asked for (the job stops at its next chunk).' })
  cancelRequested!: boolean;

  @Field(() => Float)
  rowsDone!: number;

  @Field(() => Float, { nullable: true })
  rowsTotal!: number | null;

  @Field(() => ID, { nullable: true })
  outputDatasetVersionId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the job failed.' })
  error!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;
}

export const { Connection: BatchPredictionConnection } = connectionTypes('BatchPrediction', BatchPrediction);

@InputType()
export class StartBatchPredictionInput {
  @Field()
  deployment!: string;

  @Field(() => ID, { description: 'The dataset version whose rows are predicted.' })
  datasetVersionId!: string;

  @Field(() => String, { nullable: true, description: 'Default: "<deployment>-predictions".' })
  outputDatasetName?: string | null;

  @Field(() => Int, { nullable: true, description: 'Rows per model run (default 1024).' })
  chunkSize?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'A version the deployment serves; default: its route with the most traffic.',
  })
  version?: number | null;

  @Field(() => [String], {
    nullable: true,
    description: 'For a model with one matrix input: the dataset columns that feed it, in order.',
  })
  features?: string[] | null;
}
