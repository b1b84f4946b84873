import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

import { freePort, graphql, TEST_DATABASE_URL, TEST_DIALECTS } from '@ferry/testing';

import {
  eventually,
  finished,
  getRun,
  ok,
  random,
  registerDataset,
  triggerRun,
  usePlatform,
  createPipeline,
  type TestPlatform,
} from './support';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** Clusters around 8 centres in 6 dimensions: enough rows that each k-means trial takes a while. */
function clustersCsv(rows: number): string {
  const next = random(11);
  const lines = ['f0,f1,f2,f3,f4,f5'];
  for (let i = 0; i < rows; i++) {
    const c = i % 8;
    lines.push(Array.from({ length: 6 }, (_, j) => (c * (j + 1) * 0.3 + next() * 3).toFixed(4)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A training service in a process of its own (so the test can SIGKILL it), on the platform's prefix and database. */
async function spawnTraining(platform: TestPlatform, dialect: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NATS_URL: process.env.NATS_URL,
    FERRY_NATS_PREFIX: platform.prefix,
    FERRY_DATA_DIR: platform.config.dataDir,
    FERRY_DB_SCHEMA_PREFIX: `${platform.prefix}_`,
    FERRY_REGISTRY_PORT: String(platform.registry.port),
    FERRY_TRAINING_PORT: String(port),
    FERRY_AUTH: 'off',
    LOG_LEVEL: 'silent',
    FERRY_TRAINING_ACK_WAIT_MS: '2000',
    ...(dialect === 'postgres' ? { DATABASE_URL: TEST_DATABASE_URL } : {}),
  };
  const child = spawn(process.execPath, ['-r', './tools/platform/register.js', 'services/training/src/main.ts'], {
    cwd: REPO,
    env,
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    () =>
      fetch(`${url}/readyz`).then(
        (r) => r.status,
        () => 0,
      ),
    (status) => status === 200,
    30_000,
  );
  return { child, url: `${url}/graphql` };
}

describe.each(TEST_DIALECTS)('a worker killed mid-run on %s', (dialect) => {
  const platform = usePlatform('death', dialect, { startTraining: false });
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child !== undefined && child.exitCode === null) {
      child.kill('SIGKILL');
    }
  });

  it('leaves its run to another worker, which picks it up after the ack wait and completes it', async () => {
    const spawned = await spawnTraining(platform, dialect);
    child = spawned.child;
    ok(
      await createPipeline(
        platform,
        {
          name: 'segments',
          datasetName: 'points',
          trainer: { type: 'kmeans', params: { k: 8, tolerance: 0 } },
          search: { strategy: 'grid', space: { nInit: [2, 6, 8] } },
          modelName: 'segments',
          promotion: { alias: 'production', policy: 'if_better' },
        },
        spawned.url,
      ),
    );
    await registerDataset(platform, 'points', clustersCsv(12_000));
    const queued = await triggerRun(platform, 'segments', spawned.url);

    // Mid-run: the first trial is done and scored, the second is training.
    const running = await eventually(
      () => getRun(platform, queued.id, spawned.url),
      (run) => run.state === 'running' && (run.progress.trial ?? 0) >= 2,
      60_000,
    );
    expect(running.attempts).toBe(1);
    const deadWorker = running.worker;
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));

    // Another process takes the redelivered message once the ack wait has passed, and finishes the run.
    const survivor = await platform.replica();
    platform.url = `${survivor.url}/graphql`;
    const done = await finished(platform, queued.id, 60_000);
    expect(done.state).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(done.worker).not.toBe(deadWorker);
    expect(done.logs).toMatch(/stopped mid-run/);
    expect(done.trials).toHaveLength(3);
    expect(done.trials.every((t) => t.state === 'succeeded')).toBe(true);
    expect(done.decision).toMatchObject({ promoted: true });
    expect(done.modelVersion?.version).toBe(1);
    const versions = await graphql<{ model: { versions: { totalCount: number } } }>(
      platform.registryUrl,
      '{ model(name: "segments") { versions { totalCount } } }',
    );
    expect(versions.data?.model.versions.totalCount).toBe(1);
  });
});

describe('a worker that stops in order mid-run', () => {
  const platform = usePlatform('handover', 'sqlite', { startTraining: false });

  it('puts its run back on the queue at once, without using up an attempt, and another worker completes it', async () => {
    const workers = {
      alpha: await platform.replica({ workerId: 'alpha' }),
      beta: await platform.replica({ workerId: 'beta' }),
    };
    platform.url = `${workers.alpha.url}/graphql`;
    ok(
      await createPipeline(platform, {
        name: 'segments',
        datasetName: 'points',
        // Long enough (a few seconds) that the test sees it training before it ends, on a fast machine too.
        trainer: { type: 'kmeans', params: { k: 8, nInit: 40, tolerance: 0 } },
        modelName: 'segments',
      }),
    );
    await registerDataset(platform, 'points', clustersCsv(12_000));
    const queued = await triggerRun(platform, 'segments');
    const running = await eventually(
      () => getRun(platform, queued.id),
      (run) => run.state === 'running' && run.progress.phase === 'training',
    );
    const holder = running.worker as 'alpha' | 'beta';
    const other = holder === 'alpha' ? 'beta' : 'alpha';
    platform.url = `${workers[other].url}/graphql`;
    const stopping = Date.now();
    await workers[holder].stop();
    expect(Date.now() - stopping).toBeLessThan(5000);

    const done = await finished(platform, queued.id);
    expect(done).toMatchObject({ state: 'succeeded', worker: other, attempts: 1 });
    expect(done.logs).toMatch(new RegExp(`${holder} stopped; back on the queue`));
  });
});
