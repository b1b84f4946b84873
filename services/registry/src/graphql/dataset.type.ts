import { connectionTypes } from '@ferry/service-runtime';
import { GraphQLJSON } from 'graphql-scalars';
import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@Directive('@key(fields: "name")')
@ObjectType({ description: 'A named, versioned dataset.' })
export class Dataset {
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

  @Field(() => String, { nullable: true })
  createdBy!: string | null;

  latestVersion!: number;
}

@ObjectType({ description: 'A column as inferred at registration.' })
export class ColumnSchema {
  @Field()
  name!: string;

  @Field({ description: 'numeric, categorical, boolean or text.' })
  type!: string;

  @Field()
  nullable!: boolean;
}

@ObjectType({ description: "How a version's schema differs from the previous version's." })
export class SchemaChange {
  @Field()
  column!: string;

  @Field({ description: 'added, removed, type_changed or nullability_changed.' })
  change!: string;

  @Field(() => String, { nullable: true })
  from?: string;

  @Field(() => String, { nullable: true })
  to?: string;

  @Field()
  breaking!: boolean;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An immutable version of a dataset with its schema and profile.' })
export class DatasetVersion {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  datasetName!: string;

  @Field()
  artifactSha256!: string;

  @Field(() => Float)
  artifactSize!: number;

  @Field({ description: 'csv or jsonl.' })
  format!: string;

  @Field(() => Float)
  rowCount!: number;

  @Field(() => [ColumnSchema])
  schema!: ColumnSchema[];

  @Field(() => GraphQLJSON, {
    description: 'Per column: count, missing, min, max, mean, std, quantiles, histogram, category frequencies.',
  })
  profile!: unknown;

  @Field(() => [SchemaChange])
  schemaChanges!: SchemaChange[];

  @Field({ description: 'True when the schema breaks the previous version (a column removed or retyped).' })
  breaking!: boolean;

  @Field()
  description!: string;

  @Field()
  createdAt!: Date;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;

  datasetId!: string;
  derivedFrom!: {
    sourceDatasetVersionId: string | null;
    modelVersionId: string | null;
    producedBy: string | null;
  } | null;
}

@InputType()
export class CreateDatasetInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;
}

@InputType({ description: 'What a derived dataset version was computed from, and by what.' })
export class DatasetDerivationInput {
  @Field(() => ID, { nullable: true, description: 'The dataset version it was computed from.' })
  sourceDatasetVersionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The model version that computed it.' })
  modelVersionId?: string | null;

  @Field(() => String, { nullable: true, description: 'The producer, e.g. "batch-prediction/<job id>".' })
  producedBy?: string | null;
}

@InputType()
export class RegisterDatasetVersionInput {
  @Field({ description: 'Created on its first version when it does not exist.' })
  datasetName!: string;

  @Field({ description: 'The sha256 that PUT /artifacts answered.' })
  artifactSha256!: string;

  @Field(() => String, { nullable: true, description: 'csv or jsonl; detected from the content when omitted.' })
  format?: 'csv' | 'jsonl' | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'Tags of the dataset when this version creates it.' })
  tags?: string[] | null;

  @Field(() => DatasetDerivationInput, {
    nullable: true,
    description: 'Lineage of a derived version (e.g. batch predictions): what it was computed from.',
  })
  derivedFrom?: DatasetDerivationInput | null;
}

export const { Connection: DatasetConnection } = connectionTypes('Dataset', Dataset);
export const { Connection: DatasetVersionConnection } = connectionTypes('DatasetVersion', DatasetVersion);
