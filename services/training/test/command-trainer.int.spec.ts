import * as path from 'node:path';

import { classificationCsv, createPipeline, finished, ok, registerDataset, triggerRun, usePlatform } from './support';

const SCRIPT = path.join(__dirname, 'fixtures', 'train-command.js');

describe('the command trainer', () => {
  const platform = usePlatform('command', 'sqlite');

  beforeAll(async () => {
    await registerDataset(platform, 'leads', classificationCsv(400, 5));
  });

  const pipeline = (name: string, mode: string, extra: Record<string, unknown> = {}) =>
    createPipeline(platform, {
      name,
      datasetName: 'leads',
      target: 'label',
      trainer: { type: 'command', command: [process.execPath, SCRIPT, mode], params: { C: 2 }, ...extra },
      validation: { metric: 'log_loss' },
      modelName: name,
      promotion: { alias: 'production', policy: 'if_better' },
    });

  it('runs the command with the data in files, takes its ONNX through the gate and keeps its output in the log', async () => {
    ok(await pipeline('by-command', 'train'));
    const run = await finished(platform, (await triggerRun(platform, 'by-command')).id);
    expect(run.state).toBe('succeeded');
    expect(run.trials).toHaveLength(1);
    expect(run.trials[0]).toMatchObject({ state: 'succeeded', params: { C: 2 } });
    // Scored by ONNX Runtime on the holdout: a fitted model of this data does far better than chance (log 2).
    expect(run.metrics?.log_loss).toBeLessThan(0.5);
    expect(run.metrics?.accuracy).toBeGreaterThan(0.8);
    expect(run.decision).toMatchObject({ promoted: true });
    expect(run.logs).toMatch(/\[stdout\] mode train; params \{"C":2\}/);
    expect(run.logs).toMatch(/\[stderr\] trained on 320 rows, 80 held out/);
  });

  it('stops a command that outlives its timeout, and fails a command that exits non-zero, saying why', async () => {
    ok(await pipeline('too-slow', 'sleep', { timeoutSeconds: 1 }));
    ok(await pipeline('broken', 'fail'));
    const [slow, broken] = await Promise.all([triggerRun(platform, 'too-slow'), triggerRun(platform, 'broken')]);
    const slowRun = await finished(platform, slow.id);
    expect(slowRun.state).toBe('failed');
    expect(slowRun.error).toMatch(/timed out after 1 s/);
    const brokenRun = await finished(platform, broken.id);
    expect(brokenRun.state).toBe('failed');
    expect(brokenRun.error).toMatch(/exited with code 3: \[stderr\] out of luck/);
    expect(brokenRun.modelVersion).toBeNull();
  });
});
