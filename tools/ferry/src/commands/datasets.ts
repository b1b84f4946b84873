import * as path from 'node:path';

import { FerryApiError, usage } from '../client/errors';
import type { Command } from '../command';
import { intOption, listOption, stringOption } from '../args';
import { renderFields, renderTable } from '../output/table';
import { existingFile } from './input';
import { uploadWithProgress } from './upload';

interface ColumnSchema {
  name: string;
  type: string;
  nullable: boolean;
}

interface DatasetVersionView {
  id: string;
  version: number;
  datasetName: string;
  format: string;
  rowCount: number;
  artifactSize: number;
  artifactSha256: string;
  breaking: boolean;
  createdAt: string;
  createdBy: string | null;
  schema: ColumnSchema[];
  schemaChanges: { column: string; change: string; from: string | null; to: string | null }[];
}

const VERSION_FIELDS =
  'id version datasetName format rowCount artifactSize artifactSha256 breaking createdAt createdBy schema { name type nullable } schemaChanges { column change from to }';

const columnsOf = (schema: ColumnSchema[]): string => schema.map((column) => `${column.name}:${column.type}`).join(' ');

export const datasetsPush: Command = {
  words: ['datasets', 'push'],
  args: 'NAME FILE',
  summary: 'upload a CSV or JSON-lines file as the next version of a dataset (created if new)',
  options: { format: { type: 'string' }, description: { type: 'string' }, tags: { type: 'string' } },
  optionHelp: {
    format: 'csv or jsonl (default: from the file name, else from its content)',
    description: "the version's description",
    tags: 'comma-separated tags',
  },
  positionals: { min: 2, max: 2 },
  async run({ client, values, positionals, out }) {
    const [name = '', file = ''] = positionals;
    existingFile(file);
    const format = stringOption(values, 'format') ?? formatOf(file);
    if (format !== undefined && format !== 'csv' && format !== 'jsonl') {
      throw usage(`--format must be csv or jsonl, got "${format}"`);
    }
    const tags = listOption(values, 'tags');
    const artifact = await uploadWithProgress(client, file, out);
    const { registerDatasetVersion: version } = await client.request<{ registerDatasetVersion: DatasetVersionView }>(
      `mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { ${VERSION_FIELDS} } }`,
      {
        input: {
          datasetName: name,
          artifactSha256: artifact.sha256,
          format,
          tags,
          description: stringOption(values, 'description'),
        },
      },
    );
    out.result({ file: path.basename(file), ...version }, () =>
      renderFields([
        ['pushed', `${version.datasetName} v${version.version}`],
        ['id', version.id],
        ['rows', version.rowCount],
        ['columns', columnsOf(version.schema)],
        [
          'changes',
          version.schemaChanges.length === 0
            ? 'none'
            : `${version.schemaChanges.map((c) => `${c.column} ${c.change}`).join(', ')}${version.breaking ? ' (breaking)' : ''}`,
        ],
      ]),
    );
  },
};

export const datasetsShow: Command = {
  words: ['datasets', 'show'],
  args: 'NAME',
  summary: "show a dataset's versions and the latest one's columns",
  options: { first: { type: 'string' } },
  optionHelp: { first: 'how many versions, newest first (default 20)' },
  positionals: { min: 1, max: 1 },
  async run({ client, values, positionals, out }) {
    const name = positionals[0] ?? '';
    const { dataset } = await client.request<{
      dataset: {
        name: string;
        description: string;
        createdBy: string | null;
        versions: { totalCount: number; nodes: DatasetVersionView[] };
        latestVersion: DatasetVersionView | null;
      } | null;
    }>(
      `query($name: String!, $first: Int) { dataset(name: $name) { name description createdBy
        versions(first: $first) { totalCount nodes { ${VERSION_FIELDS} } } latestVersion { ${VERSION_FIELDS} } } }`,
      { name, first: intOption(values, 'first', 1) ?? 20 },
    );
    if (dataset === null) {
      throw new FerryApiError('NOT_FOUND', `no dataset named "${name}" (ferry datasets push ${name} FILE)`);
    }
    out.result(dataset, () =>
      [
        renderFields([
          ['dataset', dataset.name],
          ['versions', dataset.versions.totalCount],
          ['latest columns', dataset.latestVersion ? columnsOf(dataset.latestVersion.schema) : '-'],
        ]),
        '',
        renderTable(dataset.versions.nodes, [
          { header: 'version', value: (v) => v.version, right: true },
          { header: 'id', value: (v) => v.id },
          { header: 'rows', value: (v) => v.rowCount, right: true },
          { header: 'format', value: (v) => v.format },
          { header: 'size', value: (v) => v.artifactSize, right: true },
          { header: 'breaking', value: (v) => (v.breaking ? 'yes' : 'no') },
          { header: 'created', value: (v) => v.createdAt },
        ]),
      ].join('\n'),
    );
  },
};

function formatOf(file: string): string | undefined {
  const extension = path.extname(file).toLowerCase();
  return extension === '.csv' ? 'csv' : extension === '.jsonl' || extension === '.ndjson' ? 'jsonl' : undefined;
}
