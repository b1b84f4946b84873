import { ExitCode } from '../client/errors';
import type { Command } from '../command';
import { intOption } from '../args';
import { cell, formatNumber, renderTable } from '../output/table';

interface FeatureDrift {
  name: string;
  method: string;
  statistic: number;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
}

interface DriftAlert {
  occurredAt: string;
  deployment: string;
  drifting: boolean;
  reportId: string;
  windowStart: string;
  windowEnd: string;
  rows: number;
  driftShare: number;
  driftedFeatures: string[];
  features: FeatureDrift[];
  modelVersion: number | null;
}

const scoreOf = (f: FeatureDrift): string =>
  `${f.method} ${f.pValue !== null ? `p=${formatNumber(f.pValue)}` : `stat=${formatNumber(f.statistic)}`}`;

function renderAlert(alert: DriftAlert): string {
  const head = `${cell(alert.occurredAt)}  ${alert.deployment}  ${alert.drifting ? 'DRIFTING' : 'back to normal'}`;
  const window = `window ${cell(alert.windowStart)} → ${cell(alert.windowEnd)}, ${alert.rows} rows, model v${alert.modelVersion ?? '?'}`;
  const drifted = alert.features.filter((f) => f.drifted);
  const features =
    drifted.length === 0 ? 'no feature drifted' : drifted.map((f) => `${f.name} (${scoreOf(f)})`).join(', ');
  const share = alert.features.length === 0 ? 0 : (drifted.length / alert.features.length) * 100;
  return `${head}\n  ${window}\n  ${drifted.length} of ${alert.features.length} features drifted (${formatNumber(share)}%): ${features}`;
}

export const driftWatch: Command = {
  words: ['drift', 'watch'],
  args: '[DEPLOYMENT]',
  summary: 'print drift alerts as they happen (every deployment when none is named)',
  options: { count: { type: 'string' }, timeout: { type: 'string' } },
  optionHelp: {
    count: 'stop after this many alerts (exit 0)',
    timeout: 'stop after this many seconds: exit 0 without --count, 1 if fewer than --count alerts came',
  },
  positionals: { min: 0, max: 1 },
  async run({ client, values, positionals, out }) {
    const count = intOption(values, 'count', 1);
    const timeout = intOption(values, 'timeout', 1);
    const subscription = client.subscribe<{ driftAlerts: DriftAlert }>(
      `subscription($deployment: String) { driftAlerts(deployment: $deployment) { occurredAt deployment drifting reportId
        windowStart windowEnd rows driftShare driftedFeatures modelVersion
        features { name method statistic pValue threshold drifted } } }`,
      { deployment: positionals[0] },
    );
    let seen = 0;
    let timedOut = false;
    const timer =
      timeout === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            subscription.close();
          }, timeout * 1000);
    const stop = (): void => subscription.close();
    process.once('SIGINT', stop);
    try {
      await subscription.connected;
      out.note(`watching drift alerts${positionals[0] ? ` of ${positionals[0]}` : ''} (Ctrl-C to stop)`);
      for await (const { driftAlerts: alert } of subscription) {
        seen += 1;
        out.event(alert, () => renderAlert(alert));
        if (count !== undefined && seen >= count) {
          break;
        }
      }
    } finally {
      clearTimeout(timer);
      process.removeListener('SIGINT', stop);
      subscription.close();
    }
    if (timedOut && count !== undefined && seen < count) {
      out.note(`${seen} of ${count} alerts within ${timeout} s`);
      return ExitCode.FAILED;
    }
    return ExitCode.OK;
  },
};

interface DriftReport {
  id: string;
  window: number;
  windowStart: string;
  windowEnd: string;
  rows: number;
  modelVersion: number | null;
  datasetDrift: boolean;
  shareOfDriftedFeatures: number;
  features: FeatureDrift[];
}

export const driftReports: Command = {
  words: ['drift', 'reports'],
  args: 'DEPLOYMENT',
  summary: "a deployment's latest drift reports, newest first",
  options: { first: { type: 'string' } },
  optionHelp: { first: 'how many (default 10)' },
  positionals: { min: 1, max: 1 },
  async run({ client, values, positionals, out }) {
    const { driftReports: reports } = await client.request<{ driftReports: DriftReport[] }>(
      `query($deployment: String!, $first: Int) { driftReports(deployment: $deployment, first: $first) {
        id window windowStart windowEnd rows modelVersion datasetDrift shareOfDriftedFeatures
        features { name method statistic pValue threshold drifted } } }`,
      { deployment: positionals[0], first: intOption(values, 'first', 1) ?? 10 },
    );
    out.result(reports, () =>
      reports.length === 0
        ? `no drift reports yet for ${positionals[0] ?? ''}: a report is made when a monitoring window closes`
        : renderTable(reports, [
            { header: 'window', value: (r) => r.window, right: true },
            { header: 'end', value: (r) => r.windowEnd },
            { header: 'rows', value: (r) => r.rows, right: true },
            { header: 'version', value: (r) => (r.modelVersion === null ? '-' : `v${r.modelVersion}`) },
            { header: 'drift', value: (r) => (r.datasetDrift ? 'YES' : 'no') },
            { header: 'share', value: (r) => `${formatNumber(r.shareOfDriftedFeatures * 100)}%`, right: true },
            {
              header: 'drifted features',
              value: (r) => r.features.filter((f) => f.drifted).map((f) => `${f.name} (${scoreOf(f)})`),
            },
          ]),
    );
  },
};
