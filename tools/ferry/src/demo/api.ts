import { Readable } from 'node:stream';

import type { FerryClient } from '../client/client';

/** The platform's answers the demo reads, as the services' schema.graphql files name them. */

export interface DatasetVersion {
  id: string;
  version: number;
  rowCount: number;
  schema: Array<{ name: string; type: string }>;
}

export interface TrainingRun {
  id: string;
  state: string;
  trigger: string;
  error: string | null;
  datasetVersionNumber: number | null;
  metrics: Record<string, unknown> | null;
  decision: Decision | null;
  modelVersion: { version: number } | null;
  trials: Array<{ params: Record<string, unknown> }>;
}

/** The training service's promotion decision (services/training/README.md, "Execution and the gate"). */
export interface Decision {
  policy: string;
  alias: string;
  promoted: boolean;
  reason: string;
  metric: string;
  greaterIsBetter: boolean;
  challengerScore: number;
  championScore: number | null;
  championVersion: number | null;
}

export interface RouteStatus {
  alias: string | null;
  servingVersion: number | null;
  error: string | null;
}

export interface AliasChange {
  fromVersion: number | null;
  toVersion: number;
  actor: string | null;
}

export interface DriftReport {
  id: string;
  window: number;
  rows: number;
  datasetDrift: boolean;
  modelVersion: number | null;
  referenceKind: string;
  features: Array<{ name: string; drifted: boolean }>;
}

const RUN_FIELDS = `id state trigger error datasetVersionNumber metrics decision modelVersion { version } trials { params }`;

/** Streams the CSV to the registry and registers it as the next version of the dataset. */
export async function pushDataset(client: FerryClient, name: string, csv: string): Promise<DatasetVersion> {
  const bytes = Buffer.from(csv, 'utf8');
  const artifact = await client.upload({ stream: Readable.from([bytes]), size: bytes.length });
  const answer = await client.request<{ registerDatasetVersion: DatasetVersion }>(
    `mutation($input: RegisterDatasetVersionInput!) {
      registerDatasetVersion(input: $input) { id version rowCount schema { name type } }
    }`,
    { input: { datasetName: name, artifactSha256: artifact.sha256, format: 'csv' } },
  );
  return answer.registerDatasetVersion;
}

export interface PipelineAnswer {
  name: string;
  trainer: { type: string; params: Record<string, unknown> };
  promotion: { alias: string; policy: string };
  triggers: { onNewDatasetVersion: boolean; onDriftOf: string | null };
}

export async function createPipeline(client: FerryClient, input: Record<string, unknown>): Promise<PipelineAnswer> {
  const answer = await client.request<{ createPipeline: PipelineAnswer }>(
    `mutation($input: CreatePipelineInput!) {
      createPipeline(input: $input) {
        name trainer { type params } promotion { alias policy } triggers { onNewDatasetVersion onDriftOf }
      }
    }`,
    { input },
  );
  return answer.createPipeline;
}

export async function triggerRun(client: FerryClient, pipeline: string): Promise<{ id: string; state: string }> {
  const answer = await client.request<{ triggerTrainingRun: { id: string; state: string } }>(
    'mutation($pipeline: String!) { triggerTrainingRun(pipeline: $pipeline) { id state } }',
    { pipeline },
  );
  return answer.triggerTrainingRun;
}

export async function trainingRun(client: FerryClient, id: string): Promise<TrainingRun> {
  const answer = await client.request<{ trainingRun: TrainingRun }>(
    `query($id: ID!) { trainingRun(id: $id) { ${RUN_FIELDS} } }`,
    { id },
  );
  return answer.trainingRun;
}

/** The version an alias points at in the registry, and the alias's audit log (newest first). */
export async function aliasOf(
  client: FerryClient,
  model: string,
  alias: string,
): Promise<{ version: number | null; history: AliasChange[] }> {
  const answer = await client.request<{
    model: { alias: { version: number } | null; aliasHistory: AliasChange[] };
  }>(
    `query($model: String!, $alias: String!) {
      model(name: $model) { alias(name: $alias) { version } aliasHistory(alias: $alias) { fromVersion toVersion actor } }
    }`,
    { model, alias },
  );
  return { version: answer.model.alias?.version ?? null, history: answer.model.aliasHistory };
}

export async function createDeployment(client: FerryClient, name: string, model: string): Promise<RouteStatus[]> {
  const answer = await client.request<{ createDeployment: { status: RouteStatus[] } }>(
    `mutation($input: DeploymentInput!) {
      createDeployment(input: $input) { status { alias servingVersion error } }
    }`,
    { input: { name, modelName: model, alias: 'production' } },
  );
  return answer.createDeployment.status;
}

export async function deploymentStatus(client: FerryClient, name: string): Promise<RouteStatus[]> {
  const answer = await client.request<{ deployment: { status: RouteStatus[] } }>(
    'query($name: String!) { deployment(name: $name) { status { alias servingVersion error } } }',
    { name },
  );
  return answer.deployment.status;
}

export async function configureMonitor(
  client: FerryClient,
  deployment: string,
  windowSize: number,
): Promise<{ windowSize: number; referenceKind: string }> {
  const answer = await client.request<{ configureMonitor: { windowSize: number; referenceKind: string } }>(
    `mutation($input: ConfigureMonitorInput!) { configureMonitor(input: $input) { windowSize referenceKind } }`,
    { input: { deployment, windowSize } },
  );
  return answer.configureMonitor;
}

export async function driftReports(client: FerryClient, deployment: string): Promise<DriftReport[]> {
  const answer = await client.request<{ driftReports: DriftReport[] }>(
    `query($deployment: String!) {
      driftReports(deployment: $deployment, first: 20) {
        id window rows datasetDrift modelVersion referenceKind features { name drifted }
      }
    }`,
    { deployment },
  );
  return answer.driftReports;
}

/** Predicts a batch of rows; answers one object of outputs and one prediction id per row, and the version. */
export async function predict(
  client: FerryClient,
  deployment: string,
  rows: object[],
): Promise<{ rows: Array<Record<string, unknown>>; predictionIds: string[]; version: number }> {
  const answer = await client.request<{
    predict: { rows: Array<Record<string, unknown>>; predictionIds: string[]; modelVersion: { version: number } };
  }>(
    `mutation($deployment: String!, $inputs: JSON!) {
      predict(deployment: $deployment, inputs: $inputs) { rows predictionIds modelVersion { version } }
    }`,
    { deployment, inputs: rows },
  );
  const { rows: outputs, predictionIds, modelVersion } = answer.predict;
  return { rows: outputs, predictionIds, version: modelVersion.version };
}
