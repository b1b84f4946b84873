import type { FerryClient } from '../client/client';
import { ExitCode, FerryApiError } from '../client/errors';
import type { Command, Output } from '../command';
import { intOption, listOption, stringOption } from '../args';
import { ProgressBar } from '../output/progress';
import { renderFields } from '../output/table';
import { datasetVersionId } from './refs';
import { watchUntilFinal } from './watch';

interface BatchJob {
  id: string;
  deployment: string;
  state: string;
  rowsDone: number;
  rowsTotal: number | null;
  progress: number | null;
  error: string | null;
  outputDatasetName: string;
  outputDatasetVersion: { id: string; version: number; rowCount: number } | null;
  datasetVersion: { datasetName: string; version: number };
  modelVersion: { modelName: string; version: number } | null;
  startedAt: string | null;
  finishedAt: string | null;
}

const JOB_FIELDS = `id deployment state rowsDone rowsTotal progress error outputDatasetName
  outputDatasetVersion { id version rowCount } datasetVersion { datasetName version } modelVersion { modelName version }
  startedAt finishedAt`;

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

function renderJob(job: BatchJob): string {
  const seconds =
    job.startedAt !== null && job.finishedAt !== null
      ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000
      : undefined;
  return renderFields([
    ['batch job', job.id],
    ['state', job.state],
    [
      'deployment',
      `${job.deployment}${job.modelVersion ? ` (${job.modelVersion.modelName} v${job.modelVersion.version})` : ''}`,
    ],
    ['input', `${job.datasetVersion.datasetName} v${job.datasetVersion.version}`],
    ['rows', `${job.rowsDone}${job.rowsTotal === null ? '' : ` of ${job.rowsTotal}`}`],
    [
      'output',
      job.outputDatasetVersion
        ? `${job.outputDatasetName} v${job.outputDatasetVersion.version} (${job.outputDatasetVersion.id})`
        : null,
    ],
    ['took', seconds === undefined ? null : `${seconds.toFixed(1)} s`],
    ...(job.error === null ? [] : ([['error', job.error]] as [string, unknown][])),
  ]);
}

async function jobById(client: FerryClient, id: string): Promise<BatchJob> {
  const { batchPrediction } = await client.request<{ batchPrediction: BatchJob | null }>(
    `query($id: ID!) { batchPrediction(id: $id) { ${JOB_FIELDS} } }`,
    { id },
  );
  if (batchPrediction === null) {
    throw new FerryApiError('NOT_FOUND', `no batch prediction job with id ${id}`);
  }
  return batchPrediction;
}

async function watchJob(client: FerryClient, id: string, out: Output, timeoutMs: number): Promise<number> {
  const bar = new ProgressBar();
  try {
    await watchUntilFinal<
      { batchPredictionProgress: Pick<BatchJob, 'state' | 'rowsDone' | 'rowsTotal' | 'progress'> },
      Pick<BatchJob, 'state' | 'rowsDone' | 'rowsTotal' | 'progress'>
    >({
      client,
      query: 'subscription($id: ID!) { batchPredictionProgress(id: $id) { state rowsDone rowsTotal progress } }',
      variables: { id },
      fetch: () => jobById(client, id),
      fromEvent: (event) => event.batchPredictionProgress,
      isFinal: (job) => FINAL.has(job.state),
      onState: (job) => {
        if (out.json) {
          out.event({ id, state: job.state, rowsDone: job.rowsDone, rowsTotal: job.rowsTotal }, () => '');
        } else {
          bar.update(
            job.progress,
            `${job.state} ${job.rowsDone}${job.rowsTotal === null ? '' : `/${job.rowsTotal}`} rows`,
          );
        }
      },
      timeoutMs,
      what: `batch job ${id}`,
    });
  } finally {
    bar.done();
  }
  const job = await jobById(client, id);
  out.event(job, () => renderJob(job));
  return job.state === 'succeeded' ? ExitCode.OK : ExitCode.FAILED;
}

export const batchStart: Command = {
  words: ['batch', 'start'],
  args: 'DEPLOYMENT DATASET',
  summary: 'predict a whole dataset version (NAME, NAME@VERSION or id) into a new dataset version; --watch follows it',
  options: {
    output: { type: 'string' },
    'chunk-size': { type: 'string' },
    version: { type: 'string' },
    features: { type: 'string' },
    watch: { type: 'boolean' },
    timeout: { type: 'string' },
  },
  optionHelp: {
    output: 'the dataset the predictions are written to (default: <deployment>-predictions)',
    'chunk-size': 'rows per ONNX Runtime call',
    version: 'a version the deployment serves (default: its main route)',
    features: 'for a one-matrix-input model: the columns that feed it, in order',
    watch: 'follow it with a progress bar until it ends (exit 1 if it fails)',
    timeout: 'with --watch: seconds to wait (default 3600)',
  },
  positionals: { min: 2, max: 2 },
  async run({ client, values, positionals, out }) {
    const [deployment = '', dataset = ''] = positionals;
    const input = {
      deployment,
      datasetVersionId: await datasetVersionId(client, dataset),
      outputDatasetName: stringOption(values, 'output'),
      chunkSize: intOption(values, 'chunk-size', 1),
      version: intOption(values, 'version', 1),
      features: listOption(values, 'features'),
    };
    const { startBatchPrediction: job } = await client.request<{ startBatchPrediction: BatchJob }>(
      `mutation($input: StartBatchPredictionInput!) { startBatchPrediction(input: $input) { ${JOB_FIELDS} } }`,
      { input },
    );
    if (values.watch === true) {
      out.note(`batch job ${job.id} started`);
      return watchJob(client, job.id, out, (intOption(values, 'timeout', 1) ?? 3600) * 1000);
    }
    out.result(job, () => `${renderJob(job)}\n\nfollow it: ferry batch watch ${job.id}`);
    return undefined;
  },
};

export const batchWatch: Command = {
  words: ['batch', 'watch'],
  args: 'JOB_ID',
  summary: 'follow a batch prediction job live (progress bar); exit 0 when it succeeds, 1 otherwise',
  options: { timeout: { type: 'string' } },
  optionHelp: { timeout: 'give up after this many seconds (default 3600)' },
  positionals: { min: 1, max: 1 },
  run: ({ client, values, positionals, out }) =>
    watchJob(client, positionals[0] ?? '', out, (intOption(values, 'timeout', 1) ?? 3600) * 1000),
};
