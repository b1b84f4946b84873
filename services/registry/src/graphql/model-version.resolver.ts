import { Arg, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';

import type { ModelAliases } from '../domain/aliases';
import type { DatasetCatalog } from '../domain/dataset-catalog';
import type { ModelCatalog } from '../domain/model-catalog';
import type { ModelVersions } from '../domain/model-versions';
import { DatasetVersion } from './dataset.type';
import { Model, ModelVersion } from './model.type';

@Resolver(() => ModelVersion)
export class ModelVersionResolver {
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly versions: ModelVersions,
    private readonly aliasService: ModelAliases,
    private readonly datasets: DatasetCatalog,
  ) {}

  @Query(() => ModelVersion, { nullable: true })
  async modelVersion(@Arg('id', () => ID) id: string): Promise<ModelVersion | undefined> {
    return this.versions.byId(id);
  }

  @FieldResolver(() => Model)
  async model(@Root() version: ModelVersion): Promise<Model | undefined> {
    return this.catalog.modelById(version.modelId);
  }

  @FieldResolver(() => [String], { description: 'The aliases pointing at this version.' })
  async aliases(@Root() version: ModelVersion): Promise<string[]> {
    return (await this.aliasService.ofVersion(version.id)).map((a) => a.alias);
  }

  @FieldResolver(() => DatasetVersion, {
    nullable: true,
    description: 'Lineage: the dataset version it was trained on.',
  })
  async datasetVersion(@Root() version: ModelVersion): Promise<DatasetVersion | undefined> {
    return version.datasetVersionId === null ? undefined : this.datasets.versionById(version.datasetVersionId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Lineage: the training run that produced it (null for uploads).',
  })
  trainingRunId(@Root() version: ModelVersion): string | null {
    return version.source === 'upload' ? null : version.source;
  }
}
