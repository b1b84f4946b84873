import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';

import { connectionTypes } from '@ferry/service-runtime';

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

export const { Connection: ModelConnection, Edge: ModelEdge } = connectionTypes('Model', Model);
