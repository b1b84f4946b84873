import { toConnection, type ConnectionShape } from '@ferry/service-runtime';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import type { DatasetCatalog } from '../domain/dataset-catalog';
import type { ModelVersions } from '../domain/model-versions';
import type { RequestContext } from './context';
import {
  CreateDatasetInput,
  Dataset,
  DatasetConnection,
  DatasetVersion,
  DatasetVersionConnection,
  RegisterDatasetVersionInput,
} from './dataset.type';
import { ModelVersion } from './model.type';

@Resolver(() => Dataset)
export class DatasetResolver {
  constructor(private readonly catalog: DatasetCatalog) {}

  @Query(() => DatasetConnection, { description: 'Datasets by name; `search` matches part of the name.' })
  async datasets(
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('tag', () => String, { nullable: true }) tag?: string,
  ): Promise<ConnectionShape<Dataset>> {
    return toConnection(await this.catalog.datasets(first, after, { search, tag }), (d) => d);
  }

  @Query(() => Dataset, {
    nullable: true,
    description: 'One dataset by name (null with a NOT_FOUND error when there is none).',
  })
  async dataset(@Arg('name', () => String) name: string): Promise<Dataset> {
    return this.catalog.dataset(name);
  }

  @Mutation(() => Dataset)
  async createDataset(
    @Arg('input', () => CreateDatasetInput) input: CreateDatasetInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Dataset> {
    return this.catalog.create(input, ctx.actor);
  }

  @Mutation(() => DatasetVersion, {
    description:
      'Registers a version from an uploaded CSV or JSON-lines artifact, profiling it; publishes ferry.registry.dataset.version.created.',
  })
  async registerDatasetVersion(
    @Arg('input', () => RegisterDatasetVersionInput) input: RegisterDatasetVersionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DatasetVersion> {
    return this.catalog.registerVersion(input, ctx.actor);
  }

  @FieldResolver(() => DatasetVersionConnection, { description: 'Versions, newest first.' })
  async versions(
    @Root() dataset: Dataset,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<DatasetVersion>> {
    return toConnection(await this.catalog.versions(dataset, first, after), (v) => v);
  }

  @FieldResolver(() => DatasetVersion, { nullable: true })
  async version(
    @Root() dataset: Dataset,
    @Arg('number', () => Int) number: number,
  ): Promise<DatasetVersion | undefined> {
    return this.catalog.version(dataset, number);
  }

  @FieldResolver(() => DatasetVersion, { nullable: true })
  async latestVersion(@Root() dataset: Dataset): Promise<DatasetVersion | undefined> {
    return this.catalog.version(dataset, dataset.latestVersion);
  }
}

@Resolver(() => DatasetVersion)
export class DatasetVersionResolver {
  constructor(
    private readonly datasets: DatasetCatalog,
    private readonly versions: ModelVersions,
  ) {}

  @Query(() => DatasetVersion, { nullable: true })
  async datasetVersion(@Arg('id', () => ID) id: string): Promise<DatasetVersion | undefined> {
    return this.datasets.versionById(id);
  }

  @FieldResolver(() => Dataset)
  async dataset(@Root() version: DatasetVersion): Promise<Dataset | undefined> {
    return this.datasets.datasetById(version.datasetId);
  }

  @FieldResolver(() => [ModelVersion], { description: 'Lineage: every model version trained on this dataset version.' })
  async modelVersions(@Root() version: DatasetVersion): Promise<ModelVersion[]> {
    return this.versions.trainedOn(version.id);
  }

  @FieldResolver(() => DatasetVersion, {
    nullable: true,
    description: 'Lineage of a derived version: the dataset version it was computed from.',
  })
  async sourceDatasetVersion(@Root() version: DatasetVersion): Promise<DatasetVersion | undefined> {
    const id = version.derivedFrom?.sourceDatasetVersionId;
    return id === null || id === undefined ? undefined : this.datasets.versionById(id);
  }

  @FieldResolver(() => ModelVersion, {
    nullable: true,
    description: 'Lineage of a derived version: the model version that computed it (batch predictions).',
  })
  async producedByModelVersion(@Root() version: DatasetVersion): Promise<ModelVersion | undefined> {
    const id = version.derivedFrom?.modelVersionId;
    return id === null || id === undefined ? undefined : this.versions.byId(id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'What produced a derived version, e.g. a batch job.' })
  producedBy(@Root() version: DatasetVersion): string | null {
    return version.derivedFrom?.producedBy ?? null;
  }

  @FieldResolver(() => [DatasetVersion], {
    description: 'Lineage: versions derived from this one (e.g. batch predictions over it), oldest first.',
  })
  async derivedVersions(@Root() version: DatasetVersion): Promise<DatasetVersion[]> {
    return this.datasets.derivedFrom(version.id);
  }
}
