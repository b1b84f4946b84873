import { usage } from '../client/errors';
import type { Command } from '../command';
import { intOption, jsonOption, numberOption, stringOption } from '../args';
import { renderFields } from '../output/table';
import { datasetVersionId } from './refs';

interface MonitorView {
  deployment: string;
  windowSize: number;
  windowSeconds: number;
  referenceKind: string;
  referenceDatasetVersionId: string | null;
  referenceWindow: number | null;
  driftShare: number;
  methods: Record<string, unknown>;
  task: string;
  openWindow: number;
  openWindowRows: number;
  drifting: boolean;
  updatedBy: string | null;
}

const MONITOR_FIELDS = `deployment windowSize windowSeconds referenceKind referenceDatasetVersionId referenceWindow driftShare
  methods task openWindow openWindowRows drifting updatedBy`;

function renderMonitor(m: MonitorView): string {
  const reference =
    m.referenceKind === 'dataset'
      ? `dataset version ${m.referenceDatasetVersionId ?? '?'}`
      : m.referenceKind === 'window'
        ? `window ${m.referenceWindow ?? '?'}`
        : `${m.referenceKind} (the live model's training data, by lineage)`;
  return renderFields([
    ['deployment', m.deployment],
    ['drifting', m.drifting ? 'YES' : 'no'],
    ['window', `${m.windowSize} rows${m.windowSeconds > 0 ? ` or ${m.windowSeconds} s` : ''}`],
    ['open window', `#${m.openWindow}, ${m.openWindowRows} rows so far`],
    ['reference', reference],
    ['dataset drift when', `≥ ${m.driftShare * 100}% of features drift`],
    ['methods', Object.keys(m.methods).length === 0 ? 'defaults' : m.methods],
    ['task', m.task],
    ['configured by', m.updatedBy],
  ]);
}

export const monitorConfigure: Command = {
  words: ['monitor', 'configure'],
  args: 'DEPLOYMENT',
  summary:
    'set how a deployment is watched for drift: window size, reference data, methods (only what is given changes)',
  options: {
    'window-size': { type: 'string' },
    'window-seconds': { type: 'string' },
    reference: { type: 'string' },
    'drift-share': { type: 'string' },
    methods: { type: 'string' },
  },
  optionHelp: {
    'window-size': 'predictions (rows) per window',
    'window-seconds': 'also close a window after this many seconds',
    reference: 'reference dataset: NAME, NAME@VERSION or a version id (default: the training data)',
    'drift-share': 'share of drifted features that makes dataset drift, in (0, 1]',
    methods: 'JSON overrides, e.g. \'{"numeric": {"method": "wasserstein"}}\'',
  },
  positionals: { min: 1, max: 1 },
  async run({ client, values, positionals, out }) {
    const reference = stringOption(values, 'reference');
    const input = {
      deployment: positionals[0],
      windowSize: intOption(values, 'window-size', 1),
      windowSeconds: intOption(values, 'window-seconds', 0),
      referenceDatasetVersionId: reference === undefined ? undefined : await datasetVersionId(client, reference),
      driftShare: numberOption(values, 'drift-share'),
      methods: jsonOption(values, 'methods'),
    };
    if (Object.values(input).filter((value) => value !== undefined).length === 1) {
      throw usage('nothing to change: give --window-size, --window-seconds, --reference, --drift-share or --methods');
    }
    const { configureMonitor } = await client.request<{ configureMonitor: MonitorView }>(
      `mutation($input: ConfigureMonitorInput!) { configureMonitor(input: $input) { ${MONITOR_FIELDS} } }`,
      { input },
    );
    out.result(configureMonitor, () => renderMonitor(configureMonitor));
  },
};

export const monitorShow: Command = {
  words: ['monitor', 'show'],
  args: 'DEPLOYMENT',
  summary: 'how a deployment is watched, and whether it is drifting now',
  positionals: { min: 1, max: 1 },
  async run({ client, positionals, out }) {
    const { monitor } = await client.request<{ monitor: MonitorView }>(
      `query($deployment: String!) { monitor(deployment: $deployment) { ${MONITOR_FIELDS} } }`,
      { deployment: positionals[0] },
    );
    out.result(monitor, () => renderMonitor(monitor));
  },
};
