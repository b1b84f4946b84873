import type { Command } from '../command';
import { intOption, listOption } from '../args';
import { renderTable } from '../output/table';
import { forEachRowBatch } from './input';

interface PredictionAnswer {
  predictionIds: string[];
  rows: Record<string, unknown>[];
  modelVersion: { modelName: string; version: number };
  latencyMs: number;
}

interface PredictedRow {
  predictionId: string;
  model: string;
  version: number;
  outputs: Record<string, unknown>;
}

/** Rows shown in the table; the rest are counted (all of them are in `--json`). */
const SHOWN_ROWS = 50;

export const predict: Command = {
  words: ['predict'],
  args: 'DEPLOYMENT [FILE]',
  summary: 'predict rows from a file or stdin (JSON array, JSON lines or CSV with a header) through a deployment',
  options: { 'batch-size': { type: 'string' }, outputs: { type: 'string' } },
  optionHelp: {
    'batch-size': 'rows sent per request (default 500)',
    outputs: 'comma-separated outputs to compute (default: all the model has)',
  },
  positionals: { min: 1, max: 2 },
  async run({ client, values, positionals, stdin, out }) {
    const [deployment = '', file] = positionals;
    const batchRows = intOption(values, 'batch-size', 1) ?? 500;
    const outputs = listOption(values, 'outputs');
    const predicted: PredictedRow[] = [];
    let requests = 0;
    let latencyMs = 0;
    await forEachRowBatch(file === '-' ? undefined : file, stdin, batchRows, async (rows) => {
      const { predict: answer } = await client.request<{ predict: PredictionAnswer }>(
        `mutation($deployment: String!, $inputs: JSON!, $outputs: [String!]) {
          predict(deployment: $deployment, inputs: $inputs, outputs: $outputs) {
            predictionIds rows latencyMs modelVersion { modelName version } } }`,
        { deployment, inputs: rows, outputs },
      );
      requests += 1;
      latencyMs += answer.latencyMs;
      answer.rows.forEach((row, i) =>
        predicted.push({
          predictionId: answer.predictionIds[i] ?? '',
          model: answer.modelVersion.modelName,
          version: answer.modelVersion.version,
          outputs: row,
        }),
      );
    });
    out.result(predicted, () => {
      const names = [...new Set(predicted.flatMap((row) => Object.keys(row.outputs)))];
      const shown = predicted.slice(0, SHOWN_ROWS);
      const table = renderTable(shown, [
        { header: 'prediction id', value: (row) => row.predictionId },
        { header: 'version', value: (row) => `v${row.version}` },
        ...names.map((name) => ({ header: name, value: (row: PredictedRow) => row.outputs[name] })),
      ]);
      const more =
        predicted.length > shown.length ? `\n… ${predicted.length - shown.length} more rows (--json shows all)` : '';
      const summary = `${predicted.length} row${predicted.length === 1 ? '' : 's'} in ${requests} request${requests === 1 ? '' : 's'}, model time ${latencyMs.toFixed(1)} ms`;
      return `${table}${more}\n${summary}`;
    });
  },
};
