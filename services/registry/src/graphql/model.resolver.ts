import { badInput, notFound } from '@ferry/contracts';
import { toConnection, type ConnectionShape } from '@ferry/service-runtime';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import type { ModelAliases } from '../domain/aliases';
import type { ModelAlias as DomainAlias } from '../domain/model';
import { ModelVersionStatus } from '../domain/model';
import type { ModelCatalog } from '../domain/model-catalog';
import type { ModelVersions } from '../domain/model-versions';
import type { RequestContext } from './context';
import {
  AliasChange,
  CreateModelInput,
  Model,
  ModelAlias,
  ModelConnection,
  ModelVersion,
  ModelVersionConnection,
  RegisterModelVersionInput,
  SetModelAliasInput,
} from './model.type';

@Resolver(() => Model)
export class ModelResolver {
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly versionService: ModelVersions,
    private readonly aliasService: ModelAliases,
  ) {}

  @Query(() => ModelConnection, { description: 'Registered models by name; `search` matches part of the name.' })
  async models(
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('tag', () => String, { nullable: true }) tag?: string,
  ): Promise<ConnectionShape<Model>> {
    return toConnection(await this.catalog.models(first, after, { search, tag }), (m) => m);
  }

  @Query(() => Model, {
    nullable: true,
    description: 'One model by name (null with a NOT_FOUND error when there is none).',
  })
  async model(@Arg('name', () => String) name: string): Promise<Model> {
    return this.catalog.model(name);
  }

  @Mutation(() => Model, { description: 'Registers a new model name; publishes ferry.registry.model.created.' })
  async createModel(
    @Arg('input', () => CreateModelInput) input: CreateModelInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Model> {
    return this.catalog.createModel(input, ctx.actor);
  }

  @Mutation(() => ModelVersion, {
    description:
      'Registers a version from an uploaded ONNX artifact; answers once ONNX Runtime has loaded it (READY) or refused it (FAILED). Publishes ferry.registry.version.created.',
  })
  async registerModelVersion(
    @Arg('input', () => RegisterModelVersionInput) input: RegisterModelVersionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ModelVersion> {
    return this.versionService.register(input, ctx.actor);
  }

  @Mutation(() => ModelAlias, {
    description: 'Points an alias at a READY version, atomically; publishes ferry.registry.alias.moved.',
  })
  async setModelAlias(
    @Arg('input', () => SetModelAliasInput) input: SetModelAliasInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ModelAlias> {
    return toAlias(await this.aliasService.set(input, ctx.actor));
  }

  @Mutation(() => ModelVersion, {
    description: 'Archives a version (by id, or by model name and number); CONFLICT while an alias points at it.',
  })
  async archiveModelVersion(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('modelName', () => String, { nullable: true }) modelName?: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<ModelVersion> {
    if (id !== undefined && id !== null) {
      return this.versionService.archive(id, ctx.actor);
    }
    if (modelName === undefined || modelName === null || version === undefined || version === null) {
      throw badInput('give the version id, or modelName and version');
    }
    const found = await this.versionService.version(await this.catalog.model(modelName), version);
    if (found === undefined) {
      throw notFound(`${modelName} has no version ${version}`);
    }
    return this.versionService.archive(found.id, ctx.actor);
  }

  @FieldResolver(() => ModelVersionConnection, { description: 'Versions, newest first.' })
  async versions(
    @Root() model: Model,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('status', () => ModelVersionStatus, { nullable: true }) status?: ModelVersionStatus,
  ): Promise<ConnectionShape<ModelVersion>> {
    return toConnection(await this.versionService.versions(model, first, after, status ?? undefined), (v) => v);
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: 'One version by number.' })
  async version(@Root() model: Model, @Arg('number', () => Int) number: number): Promise<ModelVersion | undefined> {
    return this.versionService.version(model, number);
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: 'The version an alias points at.' })
  async alias(@Root() model: Model, @Arg('name', () => String) name: string): Promise<ModelVersion | undefined> {
    const alias = (await this.aliasService.of(model)).find((a) => a.alias === name);
    return alias === undefined ? undefined : this.versionService.byId(alias.versionId);
  }

  @FieldResolver(() => [ModelAlias])
  async aliases(@Root() model: Model): Promise<ModelAlias[]> {
    return (await this.aliasService.of(model)).map(toAlias);
  }

  @FieldResolver(() => [AliasChange], { description: 'The audit log of alias moves, newest first.' })
  async aliasHistory(
    @Root() model: Model,
    @Arg('alias', () => String, { nullable: true }) alias?: string,
  ): Promise<AliasChange[]> {
    return this.aliasService.history(model, alias ?? undefined);
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: 'The highest-numbered version.' })
  async latestVersion(@Root() model: Model): Promise<ModelVersion | undefined> {
    const page = await this.versionService.versions(model, 1, undefined);
    return page.items[0];
  }
}

export function toAlias(alias: DomainAlias): ModelAlias {
  return {
    name: alias.alias,
    version: alias.version,
    versionId: alias.versionId,
    updatedAt: alias.updatedAt,
    updatedBy: alias.updatedBy,
  };
}
