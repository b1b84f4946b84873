/** A registered model: the named line that versions, aliases and deployments hang off. */
export interface Model {
  id: string;
  name: string;
  description: string;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  /** The actor that created it, or null where no identity was known. */
  createdBy: string | null;
  /** The highest version number allocated so far (0 before the first). */
  latestVersion: number;
}

export interface CreateModelCommand {
  name: string;
  description?: string | null;
  tags?: string[] | null;
}

/** Who is asking: recorded on every write. */
export interface Actor {
  id: string | null;
}

export const ModelVersionStatus = {
  PENDING: 'PENDING',
  READY: 'READY',
  FAILED: 'FAILED',
  ARCHIVED: 'ARCHIVED',
} as const;
export type ModelVersionStatus = (typeof ModelVersionStatus)[keyof typeof ModelVersionStatus];

/** One input or output of a model, as its ONNX file declares it. */
export interface TensorSpec {
  name: string;
  /** ONNX notation: `tensor(float)`, `seq(map(int64,tensor(float)))`. */
  type: string;
  /** Element type of a tensor, or null for sequences and maps. */
  elementType: string | null;
  /** Dimensions: a number, a symbolic name, or null when unknown; null when the rank is unknown. */
  shape: Array<number | string | null> | null;
}

export interface Signature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** An immutable version of a model: the artifact, what it takes and gives, and where it came from. */
export interface ModelVersion {
  id: string;
  modelId: string;
  modelName: string;
  version: number;
  artifactSha256: string;
  artifactSize: number;
  format: 'onnx';
  signature: Signature;
  opsetImports: Array<{ domain: string; version: number }>;
  irVersion: number;
  producerName: string;
  producerVersion: string;
  metrics: Record<string, unknown>;
  params: Record<string, unknown>;
  tags: string[];
  description: string;
  /** A training run id, or "upload". */
  source: string;
  datasetVersionId: string | null;
  status: ModelVersionStatus;
  statusReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
}

export interface RegisterModelVersionCommand {
  modelName: string;
  artifactSha256: string;
  metrics?: Record<string, unknown> | null;
  params?: Record<string, unknown> | null;
  datasetVersionId?: string | null;
  tags?: string[] | null;
  description?: string | null;
  source?: string | null;
}

/** A named pointer (production, champion, staging…) at one version of a model. */
export interface ModelAlias {
  modelId: string;
  modelName: string;
  alias: string;
  versionId: string;
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
}

/** One move of an alias, kept forever: the audit log. */
export interface AliasChange {
  id: string;
  modelId: string;
  alias: string;
  fromVersion: number | null;
  toVersion: number;
  actor: string | null;
  at: Date;
}
