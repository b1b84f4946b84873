import { jetStreamName } from '@ferry/contracts';
import { graphql, readStream, TEST_DIALECTS } from '@ferry/testing';

import {
  aliasVersion,
  classificationCsv,
  createPipeline,
  eventually,
  finished,
  ok,
  registerDataset,
  runsOf,
  triggerRun,
  updatePipeline,
  usePlatform,
} from './support';

describe.each(TEST_DIALECTS)('continuous training on %s', (dialect) => {
  const platform = usePlatform('ct', dialect);

  it('trains on each new dataset version, promotes a better challenger and keeps the champion over a worse one', async () => {
    ok(
      await createPipeline(platform, {
        name: 'churn',
        datasetName: 'customers',
        target: 'label',
        // A deliberately weak first model: the signal-free column alone.
        features: ['noise'],
        trainer: { type: 'logistic_regression', params: { C: 1 } },
        validation: { holdoutFraction: 0.25, seed: 3, metric: 'accuracy' },
        modelName: 'churn-model',
        promotion: { alias: 'production', policy: 'if_better', minImprovement: 0.01 },
        triggers: { onNewDatasetVersion: true },
      }),
    );

    // 1. A new dataset version starts a run with no human step; with no champion, the alias moves.
    const v1 = await registerDataset(platform, 'customers', classificationCsv(600, 1));
    const first = await eventually(
      () => runsOf(platform, 'churn'),
      (runs) => runs.length === 1 && runs[0]!.state === 'succeeded',
    );
    const run1 = first[0]!;
    expect(run1).toMatchObject({ trigger: 'dataset_version', datasetVersionId: v1.id, datasetVersionNumber: 1 });
    expect(run1.triggeredBy.detail).toMatchObject({ datasetVersionId: v1.id, version: 1 });
    expect(run1.modelVersion).toMatchObject({ modelName: 'churn-model', version: 1 });
    expect(run1.decision).toMatchObject({ promoted: true, championVersion: null, championScore: null });
    expect(run1.metrics?.accuracy).toBeLessThan(0.7);
    expect(await aliasVersion(platform, 'churn-model', 'production')).toBe(1);

    // 2. Every column: the challenger beats the champion on the same holdout rows and takes the alias.
    await updatePipeline(platform, { name: 'churn', features: null });
    await registerDataset(platform, 'customers', classificationCsv(600, 2));
    const second = await eventually(
      () => runsOf(platform, 'churn'),
      (runs) => runs.length === 2 && runs[0]!.state === 'succeeded',
    );
    const run2 = second[0]!;
    expect(run2.datasetVersionNumber).toBe(2);
    expect(run2.modelVersion?.version).toBe(2);
    expect(run2.metrics?.accuracy).toBeGreaterThan(0.8);
    expect(run2.decision).toMatchObject({
      promoted: true,
      championVersion: 1,
      challengerScore: run2.metrics?.accuracy,
    });
    expect(run2.decision!.championScore!).toBeLessThan(0.7);
    expect(run2.decision!.reason).toMatch(/beats/);
    expect(await aliasVersion(platform, 'churn-model', 'production')).toBe(2);

    // 3. A worse challenger is registered, the alias stays, and the run says why with both scores.
    await updatePipeline(platform, { name: 'churn', features: ['noise'] });
    const queued = await triggerRun(platform, 'churn');
    expect(queued).toMatchObject({ state: 'queued', trigger: 'manual' });
    const run3 = await finished(platform, queued.id);
    expect(run3.state).toBe('succeeded');
    expect(run3.modelVersion?.version).toBe(3);
    expect(run3.decision).toMatchObject({ promoted: false, championVersion: 2 });
    expect(run3.decision!.championScore!).toBeGreaterThan(run3.decision!.challengerScore);
    expect(run3.decision!.reason).toMatch(/worse than champion version 2/);
    expect(await aliasVersion(platform, 'churn-model', 'production')).toBe(2);

    // The registered version carries its lineage and the metrics of its ONNX bytes.
    const registered = ok(
      await graphql<{
        model: {
          version: {
            trainingRunId: string;
            metrics: Record<string, number>;
            params: Record<string, unknown>;
            datasetVersion: { id: string };
          };
        };
      }>(
        platform.registryUrl,
        '{ model(name: "churn-model") { version(number: 2) { trainingRunId metrics params datasetVersion { id } } } }',
      ),
    ).model.version;
    expect(registered.trainingRunId).toBe(run2.id);
    expect(registered.datasetVersion.id).toBe(run2.datasetVersionId);
    expect(registered.metrics).toMatchObject({ accuracy: run2.metrics?.accuracy, validationMetric: 'accuracy' });
    expect(registered.params).toMatchObject({ trainer: 'logistic_regression', C: 1 });

    // /metrics counts the runs by state and what this process finished.
    const metrics = await (await fetch(`${platform.training.url}/metrics`)).text();
    expect(metrics).toMatch(/^ferry_training_runs\{state="succeeded"\} 3$/m);
    expect(metrics).toMatch(/^ferry_training_runs_finished_total\{state="succeeded",trigger="dataset_version"\} 2$/m);
    expect(metrics).toMatch(/^ferry_training_run_duration_seconds_count\{state="succeeded"\} 3$/m);

    // Every state change was published.
    const events = await readStream(jetStreamName(platform.prefix, 'EVENTS'));
    const states = events
      .filter((e) => e.subject === `${platform.prefix}.training.run.updated`)
      .map((e) => e.body.data as { runId: string; state: string })
      .filter((d) => d.runId === run3.id)
      .map((d) => d.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('succeeded');
  });
});
