import { connectionTypes } from '@ferry/service-runtime';
import { GraphQLJSON } from 'graphql-scalars';
import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import { ModelVersionStatus } from '../domain/model';

registerEnumType(ModelVersionStatus, {
  name: 'ModelVersionStatus',
  description: 'PENDING until ONNX Runtime has loaded it; READY to serve; FAILED with a reason; ARCHIVED.',
});

@Directive('@key(fields: "id")')
@Directive('@key(fields: "name")')
@ObjectType({ description: 'A registered model: a named line of versions.' })
export class Model {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => [String])
  tags!: string[];

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Who created it, when an identity was known.' })
  createdBy!: string | null;

  latestVersion!: number;
}

@ObjectType({ description: 'One input or output of a model, as its ONNX file declares it.' })
export class TensorSpec {
  @Field()
  name!: string;

  @Field({ description: 'ONNX notation: tensor(float), seq(map(int64,tensor(float))), …' })
  type!: string;

  @Field(() => String, { nullable: true, description: 'The element type of a tensor; null for sequences and maps.' })
  elementType!: string | null;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Dimensions: numbers, symbolic names (strings) or null when unknown; null when the rank is unknown.',
  })
  shape!: Array<number | string | null> | null;
}

@ObjectType()
export class Signature {
  @Field(() => [TensorSpec])
  inputs!: TensorSpec[];

  @Field(() => [TensorSpec])
  outputs!: TensorSpec[];
}

@ObjectType()
export class OpsetImport {
  @Field()
  domain!: string;

  @Field(() => Int)
  version!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An immutable version of a model: its ONNX artifact, signature and lineage.' })
export class ModelVersion {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  modelName!: string;

  @Field()
  artifactSha256!: string;

  @Field(() => Float)
  artifactSize!: number;

  @Field()
  format!: string;

  @Field(() => Signature)
  signature!: Signature;

  @Field(() => [OpsetImport])
  opsetImports!: OpsetImport[];

  @Field(() => Int)
  irVersion!: number;

  @Field()
  producerName!: string;

  @Field()
  producerVersion!: string;

  @Field(() => GraphQLJSON)
  metrics!: Record<string, unknown>;

  @Field(() => GraphQLJSON)
  params!: Record<string, unknown>;

  @Field(() => [String])
  tags!: string[];

  @Field()
  description!: string;

  @Field({ description: 'The training run that produced it, or "upload".' })
  source!: string;

  @Field(() => ModelVersionStatus)
  status!: ModelVersionStatus;

  @Field(() => String, { nullable: true, description: "Why it FAILED (ONNX Runtime's message), or who archived it." })
  statusReason!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;

  datasetVersionId!: string | null;
  modelId!: string;
}

@ObjectType({ description: 'A named pointer at one version of a model.' })
export class ModelAlias {
  @Field({ description: 'The alias, e.g. production.' })
  name!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  updatedAt!: Date;

  @Field(() => String, { nullable: true })
  updatedBy!: string | null;

  versionId!: string;
}

@ObjectType({ description: 'One move of an alias, from the audit log.' })
export class AliasChange {
  @Field()
  alias!: string;

  @Field(() => Int, { nullable: true })
  fromVersion!: number | null;

  @Field(() => Int)
  toVersion!: number;

  @Field(() => String, { nullable: true })
  actor!: string | null;

  @Field()
  at!: Date;
}

@InputType()
export class CreateModelInput {
  @Field({ description: 'Unique; letters, digits, "-" and "_".' })
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;
}

@InputType()
export class RegisterModelVersionInput {
  @Field()
  modelName!: string;

  @Field({ description: 'The sha256 that PUT /artifacts answered.' })
  artifactSha256!: string;

  @Field(() => GraphQLJSON, { nullable: true })
  metrics?: Record<string, unknown> | null;

  @Field(() => GraphQLJSON, { nullable: true })
  params?: Record<string, unknown> | null;

  @Field(() => ID, { nullable: true, description: 'The dataset version it was trained on (lineage).' })
  datasetVersionId?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'A training run id; "upload" when omitted.' })
  source?: string | null;
}

@InputType()
export class SetModelAliasInput {
  @Field()
  modelName!: string;

  @Field()
  alias!: string;

  @Field(() => Int)
  version!: number;
}

export const { Connection: ModelConnection } = connectionTypes('Model', Model);
export const { Connection: ModelVersionConnection } = connectionTypes('ModelVersion', ModelVersion);
