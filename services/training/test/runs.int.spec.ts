import { errorCodes, graphql, TEST_DIALECTS } from '@ferry/testing';

import {
  classificationCsv,
  createPipeline,
  eventually,
  finished,
  getRun,
  ok,
  random,
  registerDataset,
  triggerRun,
  usePlatform,
  type RunShape,
} from './support';

/** Enough rows for k-means with many restarts to take a few seconds: a run that stays running while the test acts. */
function slowClustersCsv(rows: number): string {
  const next = random(5);
  const lines = ['a,b,c,d'];
  for (let i = 0; i < rows; i++) {
    lines.push(Array.from({ length: 4 }, (_, j) => ((i % 6) * (j + 1) + next() * 4).toFixed(3)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function cancel(url: string, id: string) {
  return graphql<{ cancelTrainingRun: RunShape }>(
    url,
    'mutation($id: ID!) { cancelTrainingRun(id: $id) { id state cancelRequested } }',
    { id },
  );
}

describe.each(TEST_DIALECTS)('training runs on %s', (dialect) => {
  const platform = usePlatform('runs', dialect);

  beforeAll(async () => {
    await registerDataset(platform, 'visits', classificationCsv(500, 9));
    await registerDataset(platform, 'points', slowClustersCsv(20_000));
  });

  it('records every trial of a search with its params and holdout scores, and keeps the best', async () => {
    ok(
      await createPipeline(platform, {
        name: 'searched',
        datasetName: 'visits',
        target: 'label',
        trainer: { type: 'logistic_regression', params: { maxIterations: 200 } },
        search: { strategy: 'random', space: { C: { min: 0.001, max: 10, log: true } }, trials: 3 },
        validation: { metric: 'log_loss', seed: 4 },
        modelName: 'searched',
      }),
    );
    const run = await finished(platform, (await triggerRun(platform, 'searched')).id);
    expect(run.state).toBe('succeeded');
    expect(run.trials.map((t) => t.number)).toEqual([1, 2, 3]);
    const scores = run.trials.map((t) => t.score!);
    for (const trial of run.trials) {
      expect(trial.state).toBe('succeeded');
      expect(trial.params).toMatchObject({ maxIterations: 200, tolerance: 1e-7 });
      expect(trial.params.C as number).toBeGreaterThanOrEqual(0.001);
      expect(trial.metrics).toMatchObject({ log_loss: trial.score });
      expect(trial.metrics.accuracy).toBeGreaterThan(0);
      expect(trial.metrics.roc_auc).toBeGreaterThan(0);
    }
    expect(new Set(scores).size).toBe(3);
    expect(run.metrics?.log_loss).toBe(Math.min(...scores));
    // manual policy: registered, alias not moved.
    expect(run.decision).toMatchObject({ policy: 'manual', promoted: false });
    expect(run.modelVersion?.version).toBe(1);
  });

  it('runs one run per pipeline at a time, folds triggers into one follow-up, and cancels queued and running runs', async () => {
    ok(
      await createPipeline(platform, {
        name: 'busy',
        datasetName: 'points',
        trainer: { type: 'kmeans', params: { k: 6, nInit: 100, tolerance: 0 } },
        modelName: 'busy',
      }),
    );
    const first = await triggerRun(platform, 'busy');
    await eventually(
      () => getRun(platform, first.id),
      (run) => run.state === 'running',
    );
    const second = await triggerRun(platform, 'busy');
    const third = await triggerRun(platform, 'busy');
    const fourth = await triggerRun(platform, 'busy');
    expect(second.id).not.toBe(first.id);
    expect(second.state).toBe('queued');
    expect([third.id, fourth.id]).toEqual([second.id, second.id]);
    expect(fourth.coalescedTriggers.map((t) => t.kind)).toEqual(['manual', 'manual']);

    // A queued run is cancelled at once; the next trigger makes a new follow-up.
    expect(ok(await cancel(platform.url, second.id)).cancelTrainingRun.state).toBe('cancelled');
    const fifth = await triggerRun(platform, 'busy');
    expect(fifth.id).not.toBe(second.id);
    expect((await getRun(platform, first.id)).state).toBe('running');

    // A running run stops at its worker's next heartbeat; then the follow-up gets its turn.
    expect(ok(await cancel(platform.url, first.id)).cancelTrainingRun).toMatchObject({ cancelRequested: true });
    const cancelled = await finished(platform, first.id);
    expect(cancelled).toMatchObject({ state: 'cancelled', error: 'cancelled while running', modelVersion: null });
    await eventually(
      () => getRun(platform, fifth.id),
      (run) => run.state === 'running',
    );
    ok(await cancel(platform.url, fifth.id));
    expect((await finished(platform, fifth.id)).state).toBe('cancelled');
    expect(errorCodes(await cancel(platform.url, first.id))).toEqual(['CONFLICT']);

    const states = ok(
      await graphql<{ pipeline: { runs: { nodes: Array<{ id: string; state: string }>; totalCount: number } } }>(
        platform.url,
        '{ pipeline(name: "busy") { runs { totalCount nodes { id state } } } }',
      ),
    ).pipeline.runs;
    expect(states.totalCount).toBe(3);
    expect(states.nodes.map((r) => r.id)).toEqual([fifth.id, second.id, first.id]);
  });

  it('fails a run whose dataset does not exist, saying so', async () => {
    ok(
      await createPipeline(platform, {
        name: 'orphan',
        datasetName: 'missing',
        target: 'label',
        trainer: { type: 'ridge' },
        modelName: 'orphan',
      }),
    );
    const run = await finished(platform, (await triggerRun(platform, 'orphan')).id);
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(/no dataset named "missing"/);
  });
});
