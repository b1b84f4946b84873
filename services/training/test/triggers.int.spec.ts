import { createEnvelope, Events, subjectOf } from '@ferry/contracts';
import { publishEnvelope } from '@ferry/messaging';
import { connectTestNats, graphql, TEST_DIALECTS } from '@ferry/testing';
import type { NatsConnection } from 'nats';

import { RunEvents } from '../src/domain/events';
import { TrainingRuns } from '../src/domain/runs';
import { Triggers } from '../src/domain/triggers';
import { TypeOrmPipelineStore, TypeOrmRunStore } from '../src/store';
import { createPipeline, eventually, ok, runsOf, usePlatform } from './support';

const PIPELINE = {
  datasetName: 'nowhere',
  target: 'y',
  trainer: { type: 'ridge', params: { alpha: 1 } },
  modelName: 'm',
};

function drift(deployment: string, drifting: boolean) {
  const now = new Date().toISOString();
  return createEnvelope(
    Events.driftDetected,
    {
      deployment,
      drifting,
      reportId: 'report-1',
      windowStart: now,
      windowEnd: now,
      rows: 500,
      datasetDrift: drifting,
      driftShare: drifting ? 0.5 : 0,
      driftedFeatures: drifting ? ['age'] : [],
      features: [],
      predictionDrift: null,
      modelVersion: 1,
    },
    { source: 'monitoring' },
  );
}

describe.each(TEST_DIALECTS)('continuous-training triggers on %s', (dialect) => {
  const platform = usePlatform('triggers', dialect);
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connectTestNats();
  });
  afterAll(async () => {
    await nc.close();
  });

  it('starts a run of each pipeline watching a deployment when it starts drifting, not when it recovers', async () => {
    ok(await createPipeline(platform, { ...PIPELINE, name: 'on-drift', triggers: { onDriftOf: 'scoring' } }));
    ok(await createPipeline(platform, { ...PIPELINE, name: 'elsewhere', triggers: { onDriftOf: 'other' } }));
    const subject = subjectOf(Events.driftDetected, platform.prefix);
    await publishEnvelope(nc.jetstream(), subject, drift('scoring', false));
    await publishEnvelope(nc.jetstream(), subject, drift('scoring', true));
    const runs = await eventually(
      () => runsOf(platform, 'on-drift'),
      (found) => found.length > 0,
    );
    // Give a stray second run (from the recovery event) the time to appear before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await runsOf(platform, 'on-drift')).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'drift' });
    expect(runs[0]!.triggeredBy.detail).toMatchObject({ deployment: 'scoring', driftedFeatures: ['age'] });
    expect(await runsOf(platform, 'elsewhere')).toHaveLength(0);
  });

  it('fires a due schedule exactly once when two replicas tick together, and moves it to its next time', async () => {
    ok(await createPipeline(platform, { ...PIPELINE, name: 'nightly', triggers: { schedule: '30 2 * * *' } }));
    const before = ok(
      await graphql<{ pipeline: { nextScheduledAt: string } }>(
        platform.url,
        '{ pipeline(name: "nightly") { nextScheduledAt } }',
      ),
    ).pipeline.nextScheduledAt;
    const due = new Date(before);
    expect([due.getUTCHours(), due.getUTCMinutes()]).toEqual([2, 30]);

    const db = platform.training.context.db!;
    const replica = () => {
      const pipelines = new TypeOrmPipelineStore(db);
      const runs = new TrainingRuns(pipelines, new TypeOrmRunStore(db), new RunEvents(platform.prefix), () =>
        platform.training.context.outbox?.nudge(),
      );
      return new Triggers(pipelines, runs);
    };
    const tickAt = new Date(due.getTime() + 60_000);
    const started = await Promise.all([replica().tick(tickAt), replica().tick(tickAt)]);
    expect(started.flat().filter((run) => run.pipelineName === 'nightly')).toHaveLength(1);
    const runs = await runsOf(platform, 'nightly');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'schedule' });
    expect(runs[0]!.triggeredBy.detail).toMatchObject({ schedule: '30 2 * * *', scheduledFor: due.toISOString() });
    const after = ok(
      await graphql<{ pipeline: { nextScheduledAt: string } }>(
        platform.url,
        '{ pipeline(name: "nightly") { nextScheduledAt } }',
      ),
    ).pipeline.nextScheduledAt;
    expect(new Date(after).getTime()).toBe(due.getTime() + 24 * 3600 * 1000);
    expect(await replica().tick(tickAt)).toHaveLength(0);
  });
});
