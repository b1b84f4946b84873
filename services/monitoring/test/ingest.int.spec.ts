import { randomUUID } from 'node:crypto';

import { jetStreamName } from '@ferry/contracts';
import { connectTestNats, errorCodes, graphql, parsePrometheus, readStream, TEST_DIALECTS } from '@ferry/testing';
import { headers } from 'nats';

import { deployTrainedModel, labelOf, predict, rows, until, useMonitoringPlatform } from './support';

interface Totals {
  reported: number;
  open: number;
}

describe.each(TEST_DIALECTS)('ingest on %s', (dialect) => {
  const platform = useMonitoringPlatform('ingest', dialect);

  const totals = async (deployment: string): Promise<Totals> => {
    const reports = await graphql<{ driftReports: Array<{ rows: number }> }>(
      platform.url,
      `{ driftReports(deployment: "${deployment}", first: 1000) { rows } }`,
    );
    const monitor = await graphql<{ monitor: { openWindowRows: number } }>(
      platform.url,
      `{ monitor(deployment: "${deployment}") { openWindowRows } }`,
    );
    return {
      reported: (reports.data?.driftReports ?? []).reduce((sum, r) => sum + r.rows, 0),
      open: monitor.data?.monitor.openWindowRows ?? 0,
    };
  };

  beforeAll(async () => {
    await deployTrainedModel(platform, 'clicks');
    await graphql(
      platform.url,
      'mutation { configureMonitor(input: { deployment: "clicks", windowSize: 300 }) { windowSize } }',
    );
  });

  it('loses no prediction and counts none twice across a restart mid-stream', async () => {
    const served = predict(platform, 'clicks', rows(3000, 3), 7);
    await until(async () => (await totals('clicks')).reported > 0);
    await platform.restartMonitoring();
    await served;
    await until(async () => {
      const t = await totals('clicks');
      return t.reported + t.open >= 3000;
    });
    // Give a redelivery time to count twice, if it could.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const t = await totals('clicks');
    expect(t.reported + t.open).toBe(3000);
    // Windows close at the first request boundary past 300 rows (requests of 7 rows).
    const sizes = await graphql<{ driftReports: Array<{ rows: number }> }>(
      platform.url,
      '{ driftReports(deployment: "clicks", first: 100) { rows } }',
    );
    expect((sizes.data?.driftReports ?? []).every((r) => r.rows >= 300 && r.rows < 307)).toBe(true);
  });

  it('drops a record published twice under another message id by its prediction ids', async () => {
    const before = await totals('clicks');
    const [record] = (await readStream(jetStreamName(platform.prefix, 'PREDICTIONS'))).slice(-1);
    const body = record?.body as { id: string; rows: Array<{ predictionId: string }> };
    // The same record under another message id, and a new one (new ids) after it: only the new one counts.
    const fresh = { ...body, id: randomUUID(), rows: body.rows.map((row) => ({ ...row, predictionId: randomUUID() })) };
    const nc = await connectTestNats();
    try {
      for (const [id, message] of [
        ['a-different-id', body],
        [fresh.id, fresh],
      ] as const) {
        const h = headers();
        h.set('Nats-Msg-Id', id);
        await nc.jetstream().publish(`${platform.prefix}.predictions.clicks`, JSON.stringify(message), { headers: h });
      }
    } finally {
      await nc.close();
    }
    await until(async () => {
      const t = await totals('clicks');
      return t.reported + t.open >= before.reported + before.open + fresh.rows.length;
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const metrics = parsePrometheus(await (await fetch(`${platform.monitoring.url}/metrics`)).text());
    expect(Number(metrics.get('ferry_monitoring_duplicate_rows_total')?.metrics[0]?.value)).toBeGreaterThan(0);
    const ingested = metrics
      .get('ferry_monitoring_rows_ingested_total')
      ?.metrics.find((m) => m.labels?.deployment === 'clicks');
    // (This process started at the restart above: its counter counts what it ingested since, the new record at least.)
    expect(Number(ingested?.value)).toBeGreaterThanOrEqual(fresh.rows.length);
    const after = await totals('clicks');
    expect(after.reported + after.open).toBe(before.reported + before.open + fresh.rows.length);
  });

  it('joins feedback for 10,000 predictions and gives exactly the accuracy computed here', async () => {
    const inputs = rows(10_000, 11);
    const answers: Array<Record<string, unknown>> = [];
    const ids = await predict(platform, 'clicks', inputs, 250, answers);
    const truth = inputs.map((row, i) => labelOf(row, ((i * 7919) % 13) / 13 - 0.5));
    // What the model answered, as clients saw it.
    const predicted = answers.map((r) => Number(r.label));
    const expected = predicted.filter((p, i) => p === truth[i]).length / inputs.length;
    await graphql(
      platform.url,
      'mutation { configureMonitor(input: { deployment: "clicks", performanceThresholds: { accuracy: 0.99 } }) { deployment } }',
    );
    // A few one by one (the architecture's recordFeedback), the rest in batches.
    for (let i = 0; i < 20; i += 1) {
      const result = await graphql(platform.url, 'mutation($i: FeedbackInput!) { recordFeedback(input: $i) }', {
        i: { predictionId: ids[i], label: truth[i] },
      });
      expect(result.errors).toBeUndefined();
    }
    for (let i = 20; i < ids.length; i += 1000) {
      const batch = ids.slice(i, i + 1000).map((predictionId, j) => ({ predictionId, label: truth[i + j] }));
      const result = await graphql(
        platform.url,
        'mutation($i: [FeedbackInput!]!) { recordFeedbackBatch(inputs: $i) }',
        {
          i: batch,
        },
      );
      expect(result.errors).toBeUndefined();
    }
    const performance = await graphql<{
      performance: { labelled: number; accuracy: number; estimated: { accuracy: number } | null; task: string };
    }>(
      platform.url,
      '{ performance(deployment: "clicks", last: 20000) { task labelled accuracy estimated { accuracy f1 } } }',
    );
    expect(performance.data?.performance.task).toBe('classification');
    expect(performance.data?.performance.labelled).toBe(10_000);
    expect(performance.data?.performance.accuracy).toBe(expected);
    expect(performance.data?.performance.estimated?.accuracy).toBeGreaterThan(0.5);
    // The accuracy is below the 0.99 asked for: one alert (a state change, not one per feedback batch).
    await platform.monitoring.context.outbox?.flush();
    const alerts = (await readStream(jetStreamName(platform.prefix, 'EVENTS')))
      .filter((m) => m.subject === `${platform.prefix}.monitoring.performance.degraded`)
      .map((m) => (m.body as { data: { metric: string; degraded: boolean; threshold: number } }).data);
    expect(alerts).toEqual([expect.objectContaining({ metric: 'accuracy', degraded: true, threshold: 0.99 })]);
  });

  it('reports feedback for an unknown prediction: NOT_FOUND from GraphQL, counted as unmatched from NATS', async () => {
    const unknown = await graphql(
      platform.url,
      'mutation { recordFeedback(input: { predictionId: "nope", label: 1 }) }',
    );
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    const nc = await connectTestNats();
    try {
      await nc
        .jetstream()
        .publish(`${platform.prefix}.feedback.clicks`, JSON.stringify({ predictionId: 'nope-2', label: 0 }));
    } finally {
      await nc.close();
    }
    await until(async () => {
      const p = await graphql<{ performance: { unmatchedFeedback: number } }>(
        platform.url,
        '{ performance(deployment: "clicks", last: 1) { unmatchedFeedback } }',
      );
      return p.data?.performance.unmatchedFeedback === 1;
    });
  });

  it('closes a window by time when traffic stops, and serves operational metrics per version', async () => {
    const configured = await graphql(
      platform.url,
      'mutation { configureMonitor(input: { deployment: "clicks", windowSize: 0, windowSeconds: 1 }) { windowSeconds } }',
    );
    expect(configured.errors).toBeUndefined();
    const before = await totals('clicks');
    await predict(platform, 'clicks', rows(10, 21), 5);
    await until(async () => (await totals('clicks')).reported >= before.reported + before.open + 10, 15_000);
    const operational = await graphql<{
      operationalMetrics: Array<{ modelVersion: number; requests: number; rows: number; latencyP99: number }>;
    }>(
      platform.url,
      '{ operationalMetrics(deployment: "clicks") { modelVersion requests rows latencyP50 latencyP99 throughput } }',
    );
    const windows = operational.data?.operationalMetrics ?? [];
    expect(windows.length).toBeGreaterThan(0);
    expect(windows.every((w) => w.modelVersion === 1 && w.latencyP99 > 0)).toBe(true);
    // The buckets of this process (the open bucket of the process stopped in the restart test went with it).
    const rowsSeen = windows.reduce((sum, w) => sum + w.rows, 0);
    expect(rowsSeen).toBeGreaterThanOrEqual(10);
    expect(rowsSeen).toBeLessThanOrEqual(before.reported + before.open + 10);
  });
});
