import type { Dataset, DatasetVersion } from '../domain/dataset';
import type { AliasChange, Model, ModelAlias, ModelVersion, ModelVersionStatus } from '../domain/model';
import type {
  AliasChangeRow,
  DatasetRow,
  DatasetVersionRow,
  ModelAliasRow,
  ModelRow,
  ModelVersionRow,
} from './entities';

// One mapper per table: rows ↔ domain objects. Nothing else converts.

const iso = (d: Date): string => d.toISOString();
const json = (value: unknown): string => JSON.stringify(value);
const parse = <T>(text: string): T => JSON.parse(text) as T;

export const modelRow = (m: Model): ModelRow => ({
  id: m.id,
  name: m.name,
  description: m.description,
  tags: json(m.tags),
  createdAt: iso(m.createdAt),
  updatedAt: iso(m.updatedAt),
  createdBy: m.createdBy,
  latestVersion: m.latestVersion,
});

export const toModel = (r: ModelRow): Model => ({
  id: r.id,
  name: r.name,
  description: r.description,
  tags: parse<string[]>(r.tags),
  createdAt: new Date(r.createdAt),
  updatedAt: new Date(r.updatedAt),
  createdBy: r.createdBy,
  latestVersion: r.latestVersion,
});

export const versionRow = (v: ModelVersion): ModelVersionRow => ({
  id: v.id,
  modelId: v.modelId,
  version: v.version,
  artifactSha256: v.artifactSha256,
  artifactSize: v.artifactSize,
  format: v.format,
  signature: json(v.signature),
  opsetImports: json(v.opsetImports),
  irVersion: v.irVersion,
  producerName: v.producerName,
  producerVersion: v.producerVersion,
  metrics: json(v.metrics),
  params: json(v.params),
  tags: json(v.tags),
  description: v.description,
  source: v.source,
  datasetVersionId: v.datasetVersionId,
  status: v.status,
  statusReason: v.statusReason,
  createdAt: iso(v.createdAt),
  updatedAt: iso(v.updatedAt),
  createdBy: v.createdBy,
});

export const toVersion = (r: ModelVersionRow, modelName: string): ModelVersion => ({
  id: r.id,
  modelId: r.modelId,
  modelName,
  version: r.version,
  artifactSha256: r.artifactSha256,
  artifactSize: Number(r.artifactSize),
  format: 'onnx',
  signature: parse(r.signature),
  opsetImports: parse(r.opsetImports),
  irVersion: r.irVersion,
  producerName: r.producerName,
  producerVersion: r.producerVersion,
  metrics: parse(r.metrics),
  params: parse(r.params),
  tags: parse(r.tags),
  description: r.description,
  source: r.source,
  datasetVersionId: r.datasetVersionId,
  status: r.status as ModelVersionStatus,
  statusReason: r.statusReason,
  createdAt: new Date(r.createdAt),
  updatedAt: new Date(r.updatedAt),
  createdBy: r.createdBy,
});

export const aliasRow = (a: ModelAlias): ModelAliasRow => ({
  modelId: a.modelId,
  alias: a.alias,
  versionId: a.versionId,
  version: a.version,
  updatedAt: iso(a.updatedAt),
  updatedBy: a.updatedBy,
});

export const toAlias = (r: ModelAliasRow, modelName: string): ModelAlias => ({
  modelId: r.modelId,
  modelName,
  alias: r.alias,
  versionId: r.versionId,
  version: r.version,
  updatedAt: new Date(r.updatedAt),
  updatedBy: r.updatedBy,
});

export const aliasChangeRow = (c: AliasChange): AliasChangeRow => ({ ...c, at: iso(c.at) });
export const toAliasChange = (r: AliasChangeRow): AliasChange => ({ ...r, at: new Date(r.at) });

export const datasetRow = (d: Dataset): DatasetRow => ({
  ...d,
  tags: json(d.tags),
  createdAt: iso(d.createdAt),
  updatedAt: iso(d.updatedAt),
});

export const toDataset = (r: DatasetRow): Dataset => ({
  ...r,
  tags: parse<string[]>(r.tags),
  createdAt: new Date(r.createdAt),
  updatedAt: new Date(r.updatedAt),
});

export const datasetVersionRow = (v: DatasetVersion): DatasetVersionRow => ({
  id: v.id,
  datasetId: v.datasetId,
  version: v.version,
  artifactSha256: v.artifactSha256,
  artifactSize: v.artifactSize,
  format: v.format,
  rowCount: v.rowCount,
  schema: json(v.schema),
  profile: json(v.profile),
  schemaChanges: json(v.schemaChanges),
  breaking: v.breaking,
  description: v.description,
  sourceDatasetVersionId: v.derivedFrom?.sourceDatasetVersionId ?? null,
  modelVersionId: v.derivedFrom?.modelVersionId ?? null,
  producedBy: v.derivedFrom?.producedBy ?? null,
  createdAt: iso(v.createdAt),
  createdBy: v.createdBy,
});

export const toDatasetVersion = (r: DatasetVersionRow, datasetName: string): DatasetVersion => ({
  id: r.id,
  datasetId: r.datasetId,
  datasetName,
  version: r.version,
  artifactSha256: r.artifactSha256,
  artifactSize: Number(r.artifactSize),
  format: r.format as DatasetVersion['format'],
  rowCount: Number(r.rowCount),
  schema: parse(r.schema),
  profile: parse(r.profile),
  schemaChanges: parse(r.schemaChanges),
  breaking: Boolean(r.breaking),
  description: r.description,
  derivedFrom:
    r.sourceDatasetVersionId === null && r.modelVersionId === null && r.producedBy === null
      ? null
      : {
          sourceDatasetVersionId: r.sourceDatasetVersionId,
          modelVersionId: r.modelVersionId,
          producedBy: r.producedBy,
        },
  createdAt: new Date(r.createdAt),
  createdBy: r.createdBy,
});
