import { jetStreamName } from '@ferry/contracts';
import { gatewayService } from '@ferry/gateway';
import { startService } from '@ferry/service-runtime';
import { errorCodes, freePort, graphql, readStream } from '@ferry/testing';

import { deployTrainedModel, predict, rows, until, useMonitoringPlatform } from './support';

interface Report {
  window: number;
  rows: number;
  datasetDrift: boolean;
  referenceKind: string;
  features: Array<{ name: string; method: string; drifted: boolean; pValue: number | null }>;
  predictionDrift: { method: string } | null;
}

const REPORT_FIELDS =
  'window rows datasetDrift referenceKind features { name method statistic pValue threshold drifted } predictionDrift { method drifted }';

describe('drift: windows of live predictions against the training data', () => {
  const platform = useMonitoringPlatform('drift');
  const reports = async (first = 50) =>
    (
      await graphql<{ driftReports: Report[] }>(
        platform.url,
        `{ driftReports(deployment: "ads", first: ${first}) { ${REPORT_FIELDS} } }`,
      )
    ).data?.driftReports ?? [];

  beforeAll(async () => {
    await deployTrainedModel(platform, 'ads');
    const configured = await graphql(
      platform.url,
      'mutation { configureMonitor(input: { deployment: "ads", windowSize: 500, windowSeconds: 0 }) { windowSize } }',
    );
    expect(configured.errors).toBeUndefined();
  });

  it('reports no dataset drift over 10 windows of rows from the training distribution', async () => {
    await predict(platform, 'ads', rows(5000, 7));
    await until(async () => (await reports()).length >= 10);
    const closed = await reports();
    expect(closed.map((r) => r.window).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(closed.every((r) => r.rows === 500 && r.referenceKind === 'dataset' && !r.datasetDrift)).toBe(true);
    // K-S against a reference of 1000 rows, per column; false alarms stay near the tests' 5 % rate.
    const verdicts = closed.flatMap((r) => r.features);
    expect(verdicts).toHaveLength(60);
    expect(verdicts.every((f) => f.method === 'ks')).toBe(true);
    expect(verdicts.filter((f) => f.drifted).length).toBeLessThanOrEqual(9);
  });

  it('reports exactly the three shifted columns in the next window, and alerts once', async () => {
    await predict(platform, 'ads', rows(500, 8, { shifted: 3, shift: 1 }));
    await until(async () => (await reports()).length >= 11);
    const [latest] = await reports(1);
    expect(latest?.window).toBe(11);
    expect(latest?.datasetDrift).toBe(true);
    expect(latest?.features.filter((f) => f.drifted).map((f) => f.name)).toEqual(['f0', 'f1', 'f2']);
    expect(latest?.predictionDrift).not.toBeNull();

    await platform.monitoring.context.outbox?.flush();
    const alerts = (await readStream(jetStreamName(platform.prefix, 'EVENTS')))
      .filter((m) => m.subject === `${platform.prefix}.monitoring.drift.detected`)
      .map((m) => (m.body as { data: { deployment: string; drifting: boolean; driftedFeatures: string[] } }).data);
    expect(alerts).toEqual([
      expect.objectContaining({ deployment: 'ads', drifting: true, driftedFeatures: ['f0', 'f1', 'f2'] }),
    ]);
  });

  it('serves the reports through the gateway', async () => {
    platform.config.ports.training = await freePort();
    const gateway = await startService(gatewayService, platform.config, { port: 0 });
    try {
      const answer = await graphql<{
        driftReports: Array<{ window: number; features: Array<{ name: string; drifted: boolean }> }>;
      }>(
        `${gateway.url}/graphql`,
        '{ driftReports(deployment: "ads", first: 1) { window datasetDrift features { name drifted } } }',
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.driftReports[0]?.window).toBe(11);
      expect(answer.data?.driftReports[0]?.features.filter((f) => f.drifted).map((f) => f.name)).toEqual([
        'f0',
        'f1',
        'f2',
      ]);
    } finally {
      await gateway.stop();
    }
  });

  it('refuses bad monitor settings with BAD_USER_INPUT naming the field, and changes nothing', async () => {
    const bad = [
      '{ deployment: "ads", windowSize: -1 }',
      '{ deployment: "ads", windowSize: 0, windowSeconds: 0 }',
      '{ deployment: "ads", methods: { columns: { f0: { method: "magic" } } } }',
      '{ deployment: "ads", methods: { columns: { f0: { threshold: -1 } } } }',
      '{ deployment: "ads", driftShare: 2 }',
      '{ deployment: "ads", performanceThresholds: { happiness: 1 } }',
      '{ deployment: "ads", task: "ranking" }',
    ];
    for (const input of bad) {
      const answer = await graphql(platform.url, `mutation { configureMonitor(input: ${input}) { windowSize } }`);
      expect([input, errorCodes(answer)]).toEqual([input, ['BAD_USER_INPUT']]);
    }
    const monitor = await graphql<{ monitor: { windowSize: number; windowSeconds: number; driftShare: number } }>(
      platform.url,
      '{ monitor(deployment: "ads") { windowSize windowSeconds driftShare } }',
    );
    expect(monitor.data?.monitor).toEqual({ windowSize: 500, windowSeconds: 0, driftShare: 0.5 });
  });
});
