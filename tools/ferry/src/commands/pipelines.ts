import { FerryApiError } from '../client/errors';
import type { Command } from '../command';
import { intOption, jsonOption, listOption, numberOption, requiredOption, stringOption } from '../args';
import { cell, renderFields, renderTable } from '../output/table';
import { renderRun, RUN_FIELDS, watchRun, type RunView } from './runs';

interface PipelineView {
  name: string;
  datasetName: string;
  datasetVersion: number | null;
  target: string | null;
  features: string[] | null;
  modelName: string;
  trainer: { type: string; params: Record<string, unknown> };
  validation: { holdoutFraction: number; metric: string; greaterIsBetter: boolean };
  promotion: { alias: string; policy: string; minImprovement: number };
  triggers: { onNewDatasetVersion: boolean; onDriftOf: string | null; schedule: string | null };
  revision: number;
  lastRun: { id: string; state: string; createdAt: string } | null;
}

const PIPELINE_FIELDS = `name datasetName datasetVersion target features modelName trainer { type params }
  validation { holdoutFraction metric greaterIsBetter } promotion { alias policy minImprovement }
  triggers { onNewDatasetVersion onDriftOf schedule } revision lastRun { id state createdAt }`;

const triggersText = (t: PipelineView['triggers']): string =>
  [
    t.onNewDatasetVersion ? 'new data' : '',
    t.onDriftOf ? `drift of ${t.onDriftOf}` : '',
    t.schedule ? `cron ${t.schedule}` : '',
  ]
    .filter(Boolean)
    .join(', ') || 'manual';

function renderPipeline(p: PipelineView): string {
  return renderFields([
    ['pipeline', `${p.name} (revision ${p.revision})`],
    ['dataset', p.datasetVersion === null ? `${p.datasetName} (latest)` : `${p.datasetName} v${p.datasetVersion}`],
    ['trainer', `${p.trainer.type} ${cell(p.trainer.params)}`],
    ['target', p.target],
    ['features', p.features ?? 'all other columns'],
    [
      'validation',
      `${p.validation.metric} (${p.validation.greaterIsBetter ? 'higher' : 'lower'} is better) on ${p.validation.holdoutFraction} holdout`,
    ],
    ['model', p.modelName],
    [
      'promotion',
      `${p.promotion.policy} → alias ${p.promotion.alias}${p.promotion.minImprovement ? ` (min improvement ${p.promotion.minImprovement})` : ''}`,
    ],
    ['triggers', triggersText(p.triggers)],
    ['last run', p.lastRun ? `${p.lastRun.id} ${p.lastRun.state}` : null],
  ]);
}

export const pipelinesCreate: Command = {
  words: ['pipelines', 'create'],
  args: 'NAME',
  summary: 'create a training pipeline: dataset → trainer → validation → registered model, promoted by policy',
  options: {
    dataset: { type: 'string' },
    'dataset-version': { type: 'string' },
    trainer: { type: 'string' },
    params: { type: 'string' },
    target: { type: 'string' },
    features: { type: 'string' },
    model: { type: 'string' },
    alias: { type: 'string' },
    policy: { type: 'string' },
    'min-improvement': { type: 'string' },
    metric: { type: 'string' },
    holdout: { type: 'string' },
    seed: { type: 'string' },
    'on-new-data': { type: 'boolean' },
    'on-drift-of': { type: 'string' },
    schedule: { type: 'string' },
    description: { type: 'string' },
  },
  optionHelp: {
    dataset: 'the dataset it trains on (required)',
    'dataset-version': 'pin a version (default: the latest at each run)',
    trainer: 'kmeans, logistic_regression, linear_regression or ridge (required)',
    params: 'JSON object of trainer parameters, e.g. \'{"k": 4}\'',
    target: 'the column to predict (not for kmeans)',
    features: 'comma-separated feature columns (default: all but the target)',
    model: 'the registered model it writes versions of (default: the pipeline name)',
    alias: 'the alias promotion moves (default production)',
    policy: 'if_better (move the alias when the challenger wins) or manual',
    'min-improvement': 'how much better the challenger must score',
    metric: 'validation metric (default: accuracy, rmse or inertia by trainer)',
    holdout: 'holdout fraction (default 0.2)',
    seed: 'split seed',
    'on-new-data': 'retrain when a new version of the dataset is pushed',
    'on-drift-of': 'retrain when this deployment drifts',
    schedule: 'retrain on a cron schedule, e.g. "0 3 * * *"',
    description: 'what the pipeline is for',
  },
  positionals: { min: 1, max: 1 },
  async run({ client, values, positionals, out }) {
    const name = positionals[0] ?? '';
    const holdout = numberOption(values, 'holdout');
    const seed = intOption(values, 'seed');
    const metric = stringOption(values, 'metric');
    const input = {
      name,
      description: stringOption(values, 'description'),
      datasetName: requiredOption(values, 'dataset'),
      datasetVersion: intOption(values, 'dataset-version', 1),
      target: stringOption(values, 'target'),
      features: listOption(values, 'features'),
      trainer: { type: requiredOption(values, 'trainer'), params: jsonOption(values, 'params') },
      modelName: stringOption(values, 'model') ?? name,
      validation:
        holdout === undefined && seed === undefined && metric === undefined
          ? undefined
          : { holdoutFraction: holdout, seed, metric },
      promotion: {
        alias: stringOption(values, 'alias') ?? 'production',
        policy: stringOption(values, 'policy') ?? 'if_better',
        minImprovement: numberOption(values, 'min-improvement'),
      },
      triggers: {
        onNewDatasetVersion: values['on-new-data'] === true,
        onDriftOf: stringOption(values, 'on-drift-of'),
        schedule: stringOption(values, 'schedule'),
      },
    };
    const { createPipeline } = await client.request<{ createPipeline: PipelineView }>(
      `mutation($input: CreatePipelineInput!) { createPipeline(input: $input) { ${PIPELINE_FIELDS} } }`,
      { input },
    );
    out.result(createPipeline, () => renderPipeline(createPipeline));
  },
};

export const pipelinesRun: Command = {
  words: ['pipelines', 'run'],
  args: 'NAME',
  summary: 'queue a training run now; --watch follows it to the end (exit 1 if it fails)',
  options: { watch: { type: 'boolean' }, timeout: { type: 'string' } },
  optionHelp: {
    watch: 'follow the run with a progress bar until it ends',
    timeout: 'with --watch: seconds to wait (default 3600)',
  },
  positionals: { min: 1, max: 1 },
  async run({ client, values, positionals, out }) {
    const { triggerTrainingRun: run } = await client.request<{ triggerTrainingRun: RunView }>(
      `mutation($pipeline: String!) { triggerTrainingRun(pipeline: $pipeline) { ${RUN_FIELDS} } }`,
      { pipeline: positionals[0] },
    );
    if (values.watch === true) {
      out.note(`run ${run.id} queued`);
      return watchRun(client, run.id, out, (intOption(values, 'timeout', 1) ?? 3600) * 1000);
    }
    out.result(run, () => `${renderRun(run)}\n\nfollow it: ferry runs watch ${run.id}`);
    return undefined;
  },
};

export const pipelinesList: Command = {
  words: ['pipelines', 'list'],
  args: '',
  summary: 'list training pipelines and their last runs',
  positionals: { min: 0, max: 0 },
  async run({ client, out }) {
    const { pipelines } = await client.request<{ pipelines: { nodes: PipelineView[] } }>(
      `{ pipelines(first: 100) { nodes { ${PIPELINE_FIELDS} } } }`,
    );
    out.result(pipelines.nodes, () =>
      pipelines.nodes.length === 0
        ? 'no pipelines yet (ferry pipelines create NAME --dataset D --trainer T)'
        : renderTable(pipelines.nodes, [
            { header: 'name', value: (p) => p.name },
            { header: 'dataset', value: (p) => p.datasetName },
            { header: 'trainer', value: (p) => p.trainer.type },
            { header: 'model', value: (p) => p.modelName },
            { header: 'promotion', value: (p) => `${p.promotion.policy}→${p.promotion.alias}` },
            { header: 'triggers', value: (p) => triggersText(p.triggers) },
            { header: 'last run', value: (p) => (p.lastRun ? `${p.lastRun.state} ${cell(p.lastRun.createdAt)}` : '-') },
          ]),
    );
  },
};

export const pipelinesShow: Command = {
  words: ['pipelines', 'show'],
  args: 'NAME',
  summary: 'show a pipeline',
  positionals: { min: 1, max: 1 },
  async run({ client, positionals, out }) {
    const name = positionals[0] ?? '';
    const { pipeline } = await client.request<{ pipeline: PipelineView | null }>(
      `query($name: String!) { pipeline(name: $name) { ${PIPELINE_FIELDS} } }`,
      { name },
    );
    if (pipeline === null) {
      throw new FerryApiError('NOT_FOUND', `no pipeline named "${name}" (ferry pipelines list)`);
    }
    out.result(pipeline, () => renderPipeline(pipeline));
  },
};
