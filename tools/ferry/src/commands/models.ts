import * as fs from 'node:fs';
import * as path from 'node:path';

import { InvalidOnnxError, readOnnxModel } from '@ferry/onnx';

import type { FerryClient } from '../client/client';
import { failed, FerryApiError } from '../client/errors';
import type { Command } from '../command';
import { intOption, jsonOption, listOption, stringOption } from '../args';
import { renderFields, renderTable } from '../output/table';
import { existingFile } from './input';
import { datasetVersionId } from './refs';
import { uploadWithProgress } from './upload';

const VERSION_FIELDS = `id version status statusReason createdAt createdBy aliases metrics artifactSha256 artifactSize
  signature { inputs { name type shape } outputs { name type shape } } datasetVersion { id datasetName version }`;

interface ModelSummary {
  name: string;
  description: string;
  updatedAt: string;
  aliases: { name: string; version: number }[];
  latestVersion: { version: number; status: string } | null;
  versions: { totalCount: number };
}

interface TensorSpec {
  name: string;
  type: string;
  shape: unknown;
}

interface ModelVersionView {
  id: string;
  version: number;
  status: string;
  statusReason: string | null;
  createdAt: string;
  createdBy: string | null;
  aliases: string[];
  metrics: Record<string, unknown>;
  artifactSha256: string;
  artifactSize: number;
  signature: { inputs: TensorSpec[]; outputs: TensorSpec[] };
  datasetVersion: { id: string; datasetName: string; version: number } | null;
}

const aliasList = (aliases: { name: string; version: number }[]): string =>
  aliases.map((alias) => `${alias.name}→v${alias.version}`).join(', ');

const tensors = (specs: TensorSpec[]): string =>
  specs
    .map((spec) => `${spec.name}${Array.isArray(spec.shape) ? `[${spec.shape.map((d) => d ?? '?').join(',')}]` : ''}`)
    .join(' ');

export const modelsList: Command = {
  words: ['models', 'list'],
  args: '',
  summary: 'list registered models with their aliases and latest version',
  options: { search: { type: 'string' }, first: { type: 'string' } },
  optionHelp: { search: 'only names containing this text', first: 'how many (default 100)' },
  positionals: { min: 0, max: 0 },
  async run({ client, values, out }) {
    const { models } = await client.request<{ models: { totalCount: number; nodes: ModelSummary[] } }>(
      `query($search: String, $first: Int) { models(search: $search, first: $first) { totalCount nodes {
        name description updatedAt aliases { name version } latestVersion { version status } versions { totalCount } } } }`,
      { search: stringOption(values, 'search'), first: intOption(values, 'first', 1) ?? 100 },
    );
    out.result(models.nodes, () =>
      models.nodes.length === 0
        ? 'no models yet (ferry models register NAME FILE.onnx)'
        : renderTable(models.nodes, [
            { header: 'name', value: (m) => m.name },
            { header: 'versions', value: (m) => m.versions.totalCount, right: true },
            {
              header: 'latest',
              value: (m) => (m.latestVersion ? `v${m.latestVersion.version} ${m.latestVersion.status}` : '-'),
            },
            { header: 'aliases', value: (m) => aliasList(m.aliases) },
            { header: 'updated', value: (m) => m.updatedAt },
            { header: 'description', value: (m) => m.description },
          ]),
    );
  },
};

export const modelsShow: Command = {
  words: ['models', 'show'],
  args: 'NAME',
  summary: 'show a model: its aliases and versions with their signatures and metrics',
  positionals: { min: 1, max: 1 },
  async run({ client, positionals, out }) {
    const name = positionals[0] ?? '';
    const { model } = await client.request<{
      model:
        (Omit<ModelSummary, 'versions'> & { createdBy: string | null; versions: { nodes: ModelVersionView[] } }) | null;
    }>(
      `query($name: String!) { model(name: $name) { name description updatedAt createdBy aliases { name version }
        latestVersion { version status } versions(first: 100) { nodes { ${VERSION_FIELDS} } } } }`,
      { name },
    );
    if (model === null) {
      throw new FerryApiError('NOT_FOUND', `no model named "${name}" (ferry models list)`);
    }
    out.result(model, () =>
      [
        renderFields([
          ['model', model.name],
          ['description', model.description],
          ['aliases', aliasList(model.aliases)],
          ['created by', model.createdBy],
        ]),
        '',
        renderTable(model.versions.nodes, [
          { header: 'version', value: (v) => v.version, right: true },
          { header: 'status', value: (v) => v.status },
          { header: 'aliases', value: (v) => v.aliases },
          { header: 'inputs', value: (v) => tensors(v.signature.inputs) },
          { header: 'outputs', value: (v) => tensors(v.signature.outputs) },
          { header: 'metrics', value: (v) => v.metrics },
          {
            header: 'dataset',
            value: (v) => (v.datasetVersion ? `${v.datasetVersion.datasetName}@v${v.datasetVersion.version}` : '-'),
          },
          { header: 'created', value: (v) => v.createdAt },
        ]),
      ].join('\n'),
    );
  },
};

export const modelsRegister: Command = {
  words: ['models', 'register'],
  args: 'NAME FILE.onnx',
  summary: 'upload an ONNX file and register it as the next version of a model (created if new)',
  options: {
    alias: { type: 'string' },
    description: { type: 'string' },
    metrics: { type: 'string' },
    params: { type: 'string' },
    dataset: { type: 'string' },
    tags: { type: 'string' },
  },
  optionHelp: {
    alias: 'point this alias (e.g. production) at the new version',
    description: "the version's description",
    metrics: 'JSON object of metrics, e.g. \'{"auc": 0.91}\'',
    params: 'JSON object of training parameters',
    dataset: 'the dataset version it was trained on: NAME, NAME@VERSION or an id (lineage; drift reference)',
    tags: 'comma-separated tags',
  },
  positionals: { min: 2, max: 2 },
  async run({ client, values, positionals, out }) {
    const [name = '', file = ''] = positionals;
    checkOnnx(existingFile(file));
    const metrics = jsonOption(values, 'metrics');
    const params = jsonOption(values, 'params');
    const tags = listOption(values, 'tags');
    const dataset = stringOption(values, 'dataset');
    const trainedOn = dataset === undefined ? undefined : await datasetVersionId(client, dataset);
    await ensureModel(client, name);
    const artifact = await uploadWithProgress(client, file, out);
    const { registerModelVersion: version } = await client.request<{ registerModelVersion: ModelVersionView }>(
      `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { ${VERSION_FIELDS} } }`,
      {
        input: {
          modelName: name,
          artifactSha256: artifact.sha256,
          metrics,
          params,
          tags,
          description: stringOption(values, 'description'),
          datasetVersionId: trainedOn,
        },
      },
    );
    if (version.status === 'FAILED') {
      throw failed(
        `${name} v${version.version} was registered but ONNX Runtime refused it: ${version.statusReason ?? 'no reason given'}`,
      );
    }
    const alias = stringOption(values, 'alias');
    if (alias !== undefined) {
      await client.request('mutation($input: SetModelAliasInput!) { setModelAlias(input: $input) { name version } }', {
        input: { modelName: name, alias, version: version.version },
      });
      version.aliases = [...version.aliases, alias];
    }
    out.result({ model: name, file: path.basename(file), ...version }, () =>
      renderFields([
        ['registered', `${name} v${version.version} (${version.status})`],
        ['id', version.id],
        ['sha256', version.artifactSha256],
        ['size', `${version.artifactSize} bytes`],
        ['inputs', tensors(version.signature.inputs)],
        ['outputs', tensors(version.signature.outputs)],
        ['aliases', version.aliases],
      ]),
    );
  },
};

/** Refuses a file that is not ONNX before anything is created (the registry checks it again, with ONNX Runtime). */
function checkOnnx(file: string): void {
  try {
    readOnnxModel(fs.readFileSync(file));
  } catch (error) {
    if (error instanceof InvalidOnnxError) {
      throw new FerryApiError('INVALID_ARTIFACT', `${path.basename(file)}: ${error.message}`);
    }
    throw error;
  }
}

/** Creates the model unless it exists (someone creating it meanwhile is fine too). */
async function ensureModel(client: FerryClient, name: string): Promise<void> {
  try {
    await client.request('query($name: String!) { model(name: $name) { name } }', { name });
    return;
  } catch (error) {
    if (!(error instanceof FerryApiError && error.code === 'NOT_FOUND')) {
      throw error;
    }
  }
  try {
    await client.request('mutation($input: CreateModelInput!) { createModel(input: $input) { id } }', {
      input: { name },
    });
  } catch (error) {
    if (!(error instanceof FerryApiError && error.code === 'CONFLICT')) {
      throw error;
    }
  }
}
