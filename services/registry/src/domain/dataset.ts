import type { ColumnSchema, DatasetFormat, DatasetProfile, SchemaChange } from '@ferry/statistics';

/** A named, versioned dataset. */
export interface Dataset {
  id: string;
  name: string;
  description: string;
  tags: string[];
  latestVersion: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
}

/** An immutable version of a dataset with the schema and profile computed when it was registered. */
export interface DatasetVersion {
  id: string;
  datasetId: string;
  datasetName: string;
  version: number;
  artifactSha256: string;
  artifactSize: number;
  format: DatasetFormat;
  rowCount: number;
  schema: ColumnSchema[];
  profile: DatasetProfile;
  /** Differences from the previous version's schema (empty for the first). */
  schemaChanges: SchemaChange[];
  breaking: boolean;
  description: string;
  /** Lineage of a derived version (batch predictions): what it was computed from, by what; null for uploads. */
  derivedFrom: DatasetDerivation | null;
  createdAt: Date;
  createdBy: string | null;
}

/** How a derived dataset version was made: from which dataset version, by which model version and job. */
export interface DatasetDerivation {
  sourceDatasetVersionId: string | null;
  modelVersionId: string | null;
  /** Free text naming the producer, e.g. "batch-prediction/<job id>". */
  producedBy: string | null;
}

export interface RegisterDatasetVersionCommand {
  datasetName: string;
  artifactSha256: string;
  format?: DatasetFormat | null;
  description?: string | null;
  tags?: string[] | null;
  derivedFrom?: Partial<DatasetDerivation> | null;
}
