import { toConnection } from '@ferry/service-runtime';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { Model as DomainModel } from '../domain/model';
import { type ModelCatalog } from '../domain/model-catalog';
import type { RequestContext } from './context';
import { CreateModelInput, Model, ModelConnection } from './model.type';

@Resolver(() => Model)
export class ModelResolver {
  constructor(private readonly catalog: ModelCatalog) {}

  @Query(() => ModelConnection, { description: 'Registered models, by name.' })
  async models(
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<InstanceType<typeof ModelConnection>> {
    return toConnection(await this.catalog.models(first, after), toGraphQL);
  }

  @Query(() => Model, {
    nullable: true,
    description: 'One model by name (null with a NOT_FOUND error when there is none).',
  })
  async model(@Arg('name', () => String) name: string): Promise<Model> {
    return toGraphQL(await this.catalog.model(name));
  }

  @Mutation(() => Model, { description: 'Registers a new model name; publishes ferry.registry.model.created.' })
  async createModel(
    @Arg('input', () => CreateModelInput) input: CreateModelInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Model> {
    return toGraphQL(await this.catalog.createModel(input, ctx.actor));
  }
}

/** The federation entry point: other subgraphs reference a Model by id or by name. */
export async function resolveModelReference(
  catalog: ModelCatalog,
  ref: { id?: string; name?: string },
): Promise<Model | null> {
  const model =
    ref.id !== undefined ? await catalog.modelById(ref.id) : await catalog.model(ref.name ?? '').catch(() => undefined);
  return model === undefined ? null : toGraphQL(model);
}

function toGraphQL(model: DomainModel): Model {
  return { ...model, tags: [...model.tags] };
}
