import { connectionTypes } from '@ferry/service-runtime';
import { GraphQLJSON } from 'graphql-scalars';
import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

/** The registry's Model, referenced by name (resolved by the registry through the gateway). */
@Directive('@key(fields: "name", resolvable: false)')
@ObjectType()
export class Model {
  @Field()
  name!: string;
}

@ObjectType({ description: 'An alias (followed as it moves) or a pinned version.' })
export class ModelTarget {
  @Field(() => String, { nullable: true })
  alias!: string | null;

  @Field(() => Int, { nullable: true })
  version!: number | null;
}

@ObjectType()
export class TrafficRoute extends ModelTarget {
  @Field(() => Float)
  weight!: number;
}

@ObjectType()
export class Batching {
  @Field(() => Int)
  maxBatchSize!: number;

  @Field(() => Float)
  maxQueueDelayMs!: number;
}

@ObjectType({ description: 'What a route of this replica serves right now.' })
export class RouteStatus {
  @Field(() => String, { nullable: true })
  alias!: string | null;

  @Field(() => Int, { nullable: true, description: 'The pinned version, if the route pins one.' })
  pinnedVersion!: number | null;

  @Field(() => Float)
  weight!: number;

  @Field()
  shadow!: boolean;

  @Field(() => Int, { nullable: true, description: 'The model version being served (null while none is loaded).' })
  servingVersion!: number | null;

  @Field(() => String, { nullable: true })
  modelVersionId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the last load failed (the previous version keeps serving).',
  })
  error!: string | null;

  @Field(() => Float, {
    description: 'Requests this route answered on this replica since it started (shadow: copies run).',
  })
  served!: number;
}

@Directive('@key(fields: "name")')
@ObjectType({ description: 'A name clients call, the model it serves and how traffic is split.' })
export class Deployment {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  modelName!: string;

  @Field(() => [TrafficRoute])
  traffic!: TrafficRoute[];

  @Field(() => ModelTarget, { nullable: true, description: 'Gets a copy of live traffic; never answers clients.' })
  shadow!: ModelTarget | null;

  @Field(() => Batching)
  batching!: Batching;

  @Field(() => Float)
  logSampleRate!: number;

  @Field(() => Int)
  revision!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;
}

@ObjectType({ description: 'The model version that answered.' })
export class ServedModelVersion {
  @Field(() => ID)
  id!: string;

  @Field()
  modelName!: string;

  @Field(() => Int)
  version!: number;
}

@ObjectType()
export class Prediction {
  @Field(() => ID, { description: "The id of the first row's prediction (feedback refers to it)." })
  predictionId!: string;

  @Field(() => [ID], { description: 'One id per row.' })
  predictionIds!: string[];

  @Field(() => ID)
  requestId!: string;

  @Field(() => GraphQLJSON, {
    description:
      'Each output as the model declares it: tensors as {type, dims, data}, ZipMaps as label → probability maps.',
  })
  outputs!: unknown;

  @Field(() => GraphQLJSON, { description: "One object per row with each output's value for it." })
  rows!: unknown;

  @Field(() => ServedModelVersion)
  modelVersion!: ServedModelVersion;

  @Field(() => Float)
  latencyMs!: number;
}

@InputType()
export class TargetInput {
  @Field(() => String, { nullable: true })
  alias?: string | null;

  @Field(() => Int, { nullable: true })
  version?: number | null;
}

@InputType()
export class TrafficRouteInput extends TargetInput {
  @Field(() => Float)
  weight!: number;
}

@InputType()
export class BatchingInput {
  @Field(() => Int, { nullable: true })
  maxBatchSize?: number | null;

  @Field(() => Float, { nullable: true })
  maxQueueDelayMs?: number | null;
}

@InputType({ description: 'Serve an alias or a version, or split traffic; name selects the deployment on update.' })
export class DeploymentInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  modelName?: string | null;

  @Field(() => String, { nullable: true })
  alias?: string | null;

  @Field(() => Int, { nullable: true })
  version?: number | null;

  @Field(() => [TrafficRouteInput], { nullable: true })
  traffic?: TrafficRouteInput[] | null;

  @Field(() => TargetInput, { nullable: true })
  shadow?: TargetInput | null;

  @Field(() => BatchingInput, { nullable: true })
  batching?: BatchingInput | null;

  @Field(() => Float, { nullable: true })
  logSampleRate?: number | null;
}

export const { Connection: DeploymentConnection } = connectionTypes('Deployment', Deployment);
