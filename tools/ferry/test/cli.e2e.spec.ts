import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
  errorLine,
  ferry,
  ferryInBackground,
  ferryJson,
  waitForStderr,
  startTestPlatform,
  type CliRun,
  type TestPlatform,
} from './support';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
const example = (name: string): string => path.join(EXAMPLES, name);

/** A one-line error with the code the platform answered, and the exit code that goes with it. */
function expectError(run: CliRun, exitCode: number, code?: string): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: exitCode, stdout: '' });
  const line = errorLine(run);
  expect(line).toMatch(/^ferry: \S/);
  if (code !== undefined) {
    expect(line.endsWith(`[${code}]`)).toBe(true);
  }
  // One line (a usage error adds the usage on a second one).
  expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
}

/** The header row of a table and the row starting with `first`, split on runs of two or more spaces. */
function tableRow(text: string, first: string): string[] | undefined {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/))
    .find((cells) => cells[0] === first);
}

describe('the ferry CLI against a running platform', () => {
  let platform: TestPlatform;
  let env: NodeJS.ProcessEnv;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cli-'));

  beforeAll(async () => {
    platform = await startTestPlatform('cli');
    env = platform.cliEnv;
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('login checks the key with the gateway and stores it (0600); a wrong key is refused and nothing stored', async () => {
    const withoutKey = { ...env, FERRY_API_KEY: '' };
    const config = env.FERRY_CONFIG ?? '';
    expectError(await ferry(['login', '--key', 'fry_not-a-key-at-all'], { env: withoutKey }), 4, 'UNAUTHENTICATED');
    expect(fs.existsSync(config)).toBe(false);
    expectError(await ferry(['models', 'list'], { env: withoutKey }), 4, 'UNAUTHENTICATED');
    // The gateway's artifact route passes the key on to the registry, which decides: no key, no upload.
    const anonymous = await fetch(`${platform.url}/artifacts`, { method: 'PUT', body: 'bytes' });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');

    const table = await ferry(['login'], { env: withoutKey, stdin: `${platform.adminKey}\n` });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^logged in to: +http:\/\/127\.0\.0\.1:\d+$/m);
    expect(table.stdout).toMatch(/^role: +admin$/m);
    expect(fs.statSync(config).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(config, 'utf8'))).toEqual({ url: platform.url, apiKey: platform.adminKey });

    const json = await ferryJson<{ role: string; url: string }>(['login', '--key', platform.adminKey], {
      env: withoutKey,
    });
    expect(json).toMatchObject({ role: 'admin', url: platform.url });
    // The stored login is used when the environment names no key, and no URL.
    const stored = await ferry(['models', 'list'], { env: { ...withoutKey, FERRY_URL: '' } });
    expect(stored.code).toBe(0);
  });

  it('models register uploads and registers in one step; list and show read it back; a file that is not ONNX changes nothing', async () => {
    const registered = await ferry(
      [
        'models',
        'register',
        'propensity',
        example('propensity.onnx'),
        '--alias',
        'production',
        '--metrics',
        '{"auc": 0.76}',
      ],
      {
        env,
      },
    );
    expect(registered.code).toBe(0);
    expect(registered.stdout).toMatch(/^registered: +propensity v1 \(READY\)$/m);
    expect(registered.stdout).toMatch(/^inputs: +age\[N,1\] .*device\[N,1\]$/m);
    const second = await ferryJson<{ version: number; status: string; aliases: string[] }>(
      ['models', 'register', 'propensity', example('propensity.onnx')],
      { env },
    );
    expect(second).toMatchObject({ version: 2, status: 'READY', aliases: [] });

    const notOnnx = path.join(scratch, 'model.onnx');
    fs.writeFileSync(notOnnx, 'this is not a model');
    expectError(await ferry(['models', 'register', 'never-made', notOnnx], { env }), 2, 'INVALID_ARTIFACT');
    expectError(await ferry(['models', 'show', 'never-made'], { env }), 3, 'NOT_FOUND');
    expectError(await ferry(['models', 'register', 'propensity', path.join(scratch, 'missing.onnx')], { env }), 2);
    expectError(
      await ferry(['models', 'register', 'propensity', example('propensity.onnx'), '--metrics', '[1]'], { env }),
      2,
    );

    const list = await ferry(['models', 'list'], { env });
    expect(list.code).toBe(0);
    expect(tableRow(list.stdout, 'NAME')).toEqual(['NAME', 'VERSIONS', 'LATEST', 'ALIASES', 'UPDATED', 'DESCRIPTION']);
    expect(tableRow(list.stdout, 'propensity')?.slice(0, 4)).toEqual(['propensity', '2', 'v2 READY', 'production→v1']);
    const listed = await ferryJson<Array<{ name: string; versions: { totalCount: number } }>>(['models', 'list'], {
      env,
    });
    expect(listed.map((m) => [m.name, m.versions.totalCount])).toEqual([['propensity', 2]]);

    const show = await ferry(['models', 'show', 'propensity'], { env });
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^aliases: +production→v1$/m);
    expect(tableRow(show.stdout, '1')?.slice(0, 3)).toEqual(['1', 'READY', 'production']);
    const shown = await ferryJson<{ versions: { nodes: Array<{ version: number; metrics: unknown }> } }>(
      ['models', 'show', 'propensity'],
      { env },
    );
    expect(shown.versions.nodes.map((v) => [v.version, v.metrics])).toEqual([
      [2, {}],
      [1, { auc: 0.76 }],
    ]);
  });

  it('datasets push profiles a file into a new version; show lists the versions; an unreadable file is refused', async () => {
    const pushed = await ferry(['datasets', 'push', 'users', example('users-q1.csv')], { env });
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toMatch(/^pushed: +users v1$/m);
    expect(pushed.stdout).toMatch(/^rows: +3000$/m);
    expect(pushed.stdout).toMatch(/^columns: +age:numeric .* purchased:numeric$/m);
    const second = await ferryJson<{ version: number; rowCount: number; schema: unknown[] }>(
      ['datasets', 'push', 'users', example('users-q2.csv')],
      { env },
    );
    expect(second).toMatchObject({ version: 2, rowCount: 3000 });
    expect(second.schema).toHaveLength(7);

    const ragged = path.join(scratch, 'ragged.csv');
    fs.writeFileSync(ragged, 'a,b\n1,2\n3\n');
    expectError(await ferry(['datasets', 'push', 'ragged', ragged], { env }), 2, 'INVALID_ARTIFACT');
    expectError(await ferry(['datasets', 'show', 'ragged'], { env }), 3, 'NOT_FOUND');
    expectError(await ferry(['datasets', 'push', 'users', ragged, '--format', 'xlsx'], { env }), 2);

    const show = await ferry(['datasets', 'show', 'users'], { env });
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^versions: +2$/m);
    expect(tableRow(show.stdout, '2')?.[2]).toBe('3000');
    const shown = await ferryJson<{ versions: { nodes: Array<{ version: number }> } }>(['datasets', 'show', 'users'], {
      env,
    });
    expect(shown.versions.nodes.map((v) => v.version)).toEqual([2, 1]);
  });

  it('deploy create / update / split / rollback / list / show, each checked against what is served', async () => {
    const created = await ferry(['deploy', 'create', 'shop', '--model', 'propensity', '--alias', 'production'], {
      env,
    });
    expect(created.code).toBe(0);
    expect(tableRow(created.stdout, 'live')).toEqual(['live', 'production', '1', 'v1', '0', '-']);
    expectError(
      await ferry(['deploy', 'create', 'shop', '--model', 'propensity', '--alias', 'production'], { env }),
      5,
      'CONFLICT',
    );
    expectError(
      await ferry(['deploy', 'create', 'other', '--model', 'no-such-model', '--alias', 'production'], { env }),
      3,
      'NOT_FOUND',
    );
    expectError(await ferry(['deploy', 'create', 'other', '--model', 'propensity'], { env }), 2);

    const pinned = await ferryJson<{ status: Array<{ servingVersion: number }> }>(
      ['deploy', 'update', 'shop', '--version', '2'],
      { env },
    );
    expect(pinned.status.map((s) => s.servingVersion)).toEqual([2]);
    const split = await ferry(['deploy', 'split', 'shop', 'production=90', 'v2=10'], { env });
    expect(split.code).toBe(0);
    expect(tableRow(split.stdout, 'live')).toEqual(['live', 'production', '90', 'v1', '0', '-']);
    expect(split.stdout).toMatch(/^live +v2 +10 +v2 /m);
    expectError(await ferry(['deploy', 'split', 'shop', 'production'], { env }), 2);
    expectError(await ferry(['deploy', 'rollback', 'shop'], { env }), 2);

    // An alias route rolls back by moving the alias to where it was before.
    await ferry(['deploy', 'update', 'shop', '--alias', 'production'], { env });
    await ferryJson(['models', 'register', 'propensity', example('propensity.onnx'), '--alias', 'production'], { env });
    const listed = await ferryJson<Array<{ name: string; status: Array<{ servingVersion: number }> }>>(
      ['deploy', 'list'],
      { env },
    );
    expect(listed.map((d) => [d.name, d.status[0]?.servingVersion])).toEqual([['shop', 3]]);
    const rolledBack = await ferryJson<{ rolledBackTo: number; status: Array<{ servingVersion: number }> }>(
      ['deploy', 'rollback', 'shop'],
      { env },
    );
    expect(rolledBack.rolledBackTo).toBe(1);
    expect(rolledBack.status.map((s) => s.servingVersion)).toEqual([1]);
    const list = await ferry(['deploy', 'list'], { env });
    expect(tableRow(list.stdout, 'shop')?.slice(0, 4)).toEqual(['shop', 'propensity', 'production=1', 'v1']);
    const show = await ferry(['deploy', 'show', 'shop'], { env });
    expect(show.stdout).toMatch(/^deployment: +shop \(revision \d+\)$/m);
    expectError(await ferry(['deploy', 'show', 'nowhere'], { env }), 3, 'NOT_FOUND');
  });

  it('predict reads CSV, JSON lines or a JSON array from a file or stdin; bad rows are refused with the feature named', async () => {
    const table = await ferry(['predict', 'shop', example('live-users.csv'), '--batch-size', '100'], { env });
    expect(table.code).toBe(0);
    expect(tableRow(table.stdout, 'PREDICTION ID')).toEqual(['PREDICTION ID', 'VERSION', 'LABEL', 'PROBABILITIES']);
    expect(table.stdout).toMatch(/^… 250 more rows \(--json shows all\)$/m);
    expect(table.stdout).toMatch(/^300 rows in 3 requests, model time [\d.]+ ms$/m);

    const rows = await ferryJson<Array<{ predictionId: string; version: number; outputs: { label: number } }>>(
      ['predict', 'shop', example('live-users.csv')],
      { env },
    );
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.predictionId)).size).toBe(300);
    expect(rows.every((r) => r.version === 1 && (r.outputs.label === 0 || r.outputs.label === 1))).toBe(true);

    const user = { age: 30, sessions_per_week: 5, avg_order_value: 40, ad_clicks: 6, country: 'US', device: 'mobile' };
    const fromStdin = await ferryJson<Array<{ outputs: { label: number } }>>(['predict', 'shop'], {
      env,
      stdin: `${JSON.stringify(user)}\n${JSON.stringify({ ...user, ad_clicks: 0 })}\n`,
    });
    const asArray = await ferryJson<Array<{ outputs: { label: number } }>>(['predict', 'shop', '-'], {
      env,
      stdin: JSON.stringify([user, { ...user, ad_clicks: 0 }]),
    });
    expect(asArray.map((r) => r.outputs)).toEqual(fromStdin.map((r) => r.outputs));

    const unknown = await ferry(['predict', 'shop'], { env, stdin: JSON.stringify({ ...user, height: 180 }) });
    expectError(unknown, 2, 'BAD_USER_INPUT');
    expect(unknown.stderr).toContain('height');
    expectError(await ferry(['predict', 'nowhere'], { env, stdin: JSON.stringify(user) }), 3, 'NOT_FOUND');
    expectError(await ferry(['predict', 'shop'], { env, stdin: '' }), 2);
  });

  it('pipelines create and run --watch with a live progress bar; runs watch and runs show follow a run by id', async () => {
    const created = await ferry(
      [
        'pipelines',
        'create',
        'propensity-q1',
        '--dataset',
        'users',
        '--dataset-version',
        '1',
        '--trainer',
        'logistic_regression',
        '--target',
        'purchased',
        '--model',
        'trained-propensity',
      ],
      { env },
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^promotion: +if_better → alias production$/m);
    expectError(
      await ferry(['pipelines', 'create', 'bad', '--dataset', 'users', '--trainer', 'deep_magic'], { env }),
      2,
      'BAD_USER_INPUT',
    );
    expectError(await ferry(['pipelines', 'create', 'bad', '--trainer', 'kmeans'], { env }), 2);
    expectError(await ferry(['pipelines', 'run', 'no-such-pipeline'], { env }), 3, 'NOT_FOUND');

    const watched = await ferry(['pipelines', 'run', 'propensity-q1', '--watch'], { env });
    expect(watched.code).toBe(0);
    // The bar is drawn on stderr; off a terminal each step gets a line, ending at 100 %.
    // (Phases a fast run passes between two events may not get a line of their own.)
    expect(watched.stderr).toMatch(
      /^\[#*-+\] +\d+% (starting|loading data|training|validating|registering|promoting) /m,
    );
    expect(watched.stderr).toMatch(/^\[#{30}\] 100% succeeded/m);
    expect(watched.stdout).toMatch(/^state: +succeeded$/m);
    expect(watched.stdout).toMatch(/^model version: +trained-propensity v1$/m);
    expect(watched.stdout).toMatch(/^decision: +promoted: /m);

    const queued = await ferryJson<{ id: string; state: string }>(['pipelines', 'run', 'propensity-q1'], { env });
    const lines = await ferry(['runs', 'watch', queued.id, '--json'], { env });
    expect(lines.code).toBe(0);
    const events = lines.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { state: string; id?: string });
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)).toMatchObject({ id: queued.id, state: 'succeeded' });
    const show = await ferry(['runs', 'show', queued.id], { env });
    expect(show.stdout).toMatch(/^decision: +not promoted: /m);
    const shown = await ferryJson<{ decision: { promoted: boolean } }>(['runs', 'show', queued.id], { env });
    expect(shown.decision.promoted).toBe(false);
    expectError(await ferry(['runs', 'watch', '00000000-0000-0000-0000-000000000000'], { env }), 3, 'NOT_FOUND');
    const pipelines = await ferry(['pipelines', 'list'], { env });
    expect(tableRow(pipelines.stdout, 'propensity-q1')?.slice(0, 4)).toEqual([
      'propensity-q1',
      'users',
      'logistic_regression',
      'trained-propensity',
    ]);
  });

  it('drift watch prints the alert when live users shift; drift reports shows the windows; monitor configure sets the window', async () => {
    await ferryJson(['deploy', 'create', 'trained', '--model', 'trained-propensity', '--alias', 'production'], { env });
    const configured = await ferry(['monitor', 'configure', 'trained', '--window-size', '300'], { env });
    expect(configured.code).toBe(0);
    expect(configured.stdout).toMatch(/^window: +300 rows/m);
    expectError(await ferry(['monitor', 'configure', 'trained'], { env }), 2);
    expectError(await ferry(['monitor', 'configure', 'trained', '--drift-share', '7'], { env }), 2, 'BAD_USER_INPUT');
    expectError(await ferry(['drift', 'watch', 'trained', '--count', '0'], { env }), 2);

    const human = ferryInBackground(['drift', 'watch', 'trained', '--count', '1', '--timeout', '90'], { env });
    const json = ferryInBackground(['drift', 'watch', 'trained', '--count', '1', '--timeout', '90', '--json'], { env });
    await waitForStderr(human, /watching drift alerts/);
    await waitForStderr(json, /watching drift alerts/);
    expect((await ferry(['predict', 'trained', example('live-users.csv')], { env })).code).toBe(0);
    expect((await ferry(['predict', 'trained', example('live-users-shifted.csv')], { env })).code).toBe(0);

    const [humanRun, jsonRun] = await Promise.all([human.done, json.done]);
    expect(humanRun.code).toBe(0);
    expect(humanRun.stdout).toMatch(/ trained {2}DRIFTING\n/);
    expect(humanRun.stdout).toMatch(/features drifted \([\d.]+%\): .*\bage \(/);
    expect(jsonRun.code).toBe(0);
    const alert = JSON.parse(jsonRun.stdout.trim()) as { drifting: boolean; driftedFeatures: string[] };
    expect(alert.drifting).toBe(true);
    expect(alert.driftedFeatures).toEqual(expect.arrayContaining(['age', 'ad_clicks']));

    const reports = await ferry(['drift', 'reports', 'trained'], { env });
    expect(reports.code).toBe(0);
    expect(tableRow(reports.stdout, '2')?.slice(2, 5)).toEqual(['300', 'v1', 'YES']);
    const listed = await ferryJson<Array<{ window: number; datasetDrift: boolean }>>(['drift', 'reports', 'trained'], {
      env,
    });
    expect(listed.map((r) => [r.window, r.datasetDrift])).toEqual([
      [2, true],
      [1, false],
    ]);
    const monitor = await ferryJson<{ drifting: boolean }>(['monitor', 'show', 'trained'], { env });
    expect(monitor.drifting).toBe(true);

    const quiet = await ferry(['drift', 'watch', 'trained', '--count', '1', '--timeout', '1'], { env });
    expect(quiet.code).toBe(1);
  });

  it('batch start --watch predicts a whole dataset version into a new one; batch watch follows a job by id', async () => {
    const watched = await ferry(['batch', 'start', 'trained', 'users@1', '--watch'], { env });
    expect(watched.code).toBe(0);
    expect(watched.stderr).toMatch(/^\[#{30}\] 100% succeeded 3000\/3000 rows$/m);
    expect(watched.stdout).toMatch(/^rows: +3000 of 3000$/m);
    expect(watched.stdout).toMatch(/^output: +trained-predictions v1 /m);

    const started = await ferryJson<{ id: string }>(['batch', 'start', 'trained', 'users', '--output', 'scored'], {
      env,
    });
    const lines = await ferry(['batch', 'watch', started.id, '--json'], { env });
    expect(lines.code).toBe(0);
    const last = JSON.parse(lines.stdout.trim().split('\n').at(-1) ?? '{}') as {
      state: string;
      rowsDone: number;
      outputDatasetVersion: { rowCount: number };
    };
    expect(last).toMatchObject({ state: 'succeeded', rowsDone: 3000, outputDatasetVersion: { rowCount: 3000 } });
    const scored = await ferryJson<{ latestVersion: { rowCount: number } }>(['datasets', 'show', 'scored'], { env });
    expect(scored.latestVersion.rowCount).toBe(3000);

    expectError(await ferry(['batch', 'start', 'trained', 'users@9'], { env }), 3, 'NOT_FOUND');
    expectError(await ferry(['batch', 'watch', '00000000-0000-0000-0000-000000000000'], { env }), 3, 'NOT_FOUND');
  });

  it('every remaining form: each command as a table, as --json, and refusing one bad input', async () => {
    // deploy update / split / rollback / show / list
    const updated = await ferry(['deploy', 'update', 'shop', '--log-sample-rate', '0.5'], { env });
    expect(updated.stdout).toMatch(/^log sample rate: +0\.5$/m);
    expectError(await ferry(['deploy', 'update', 'shop'], { env }), 2);
    expectError(await ferry(['deploy', 'update', 'nowhere', '--version', '1'], { env }), 3, 'NOT_FOUND');
    const split = await ferryJson<{ traffic: Array<{ alias: string | null; version: number | null; weight: number }> }>(
      ['deploy', 'split', 'shop', 'production=50', '2=50'],
      { env },
    );
    expect(split.traffic).toEqual([
      { alias: 'production', version: null, weight: 50 },
      { alias: null, version: 2, weight: 50 },
    ]);
    await ferryJson(['deploy', 'update', 'shop', '--version', '2'], { env });
    const rolledBack = await ferry(['deploy', 'rollback', 'shop'], { env });
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.stdout).toMatch(/^pinned to v1$/m);
    expect(tableRow(rolledBack.stdout, 'live')?.slice(0, 4)).toEqual(['live', 'v1', '1', 'v1']);
    expectError(await ferry(['deploy', 'rollback', 'shop'], { env }), 5, 'CONFLICT');
    const shown = await ferryJson<{ name: string; logSampleRate: number }>(['deploy', 'show', 'shop'], { env });
    expect(shown).toMatchObject({ name: 'shop', logSampleRate: 0.5 });
    expectError(await ferry(['deploy', 'list', 'extra'], { env }), 2);

    // pipelines create --json / list / show, runs show, runs watch as a table
    const segments = await ferryJson<{ name: string; trainer: { type: string; params: { k: number } } }>(
      [
        'pipelines',
        'create',
        'segments',
        '--dataset',
        'users',
        '--trainer',
        'kmeans',
        '--params',
        '{"k": 4}',
        '--features',
        'age,ad_clicks,avg_order_value',
      ],
      { env },
    );
    expect(segments.trainer).toMatchObject({ type: 'kmeans', params: { k: 4 } });
    const pipelines = await ferryJson<Array<{ name: string }>>(['pipelines', 'list'], { env });
    expect(pipelines.map((p) => p.name).sort()).toEqual(['propensity-q1', 'segments']);
    expectError(await ferry(['pipelines', 'list', 'extra'], { env }), 2);
    const show = await ferry(['pipelines', 'show', 'segments'], { env });
    expect(show.stdout).toMatch(/^trainer: +kmeans k=4$/m);
    expect(show.stdout).toMatch(/^features: +age, ad_clicks, avg_order_value$/m);
    expect((await ferryJson<{ name: string }>(['pipelines', 'show', 'segments'], { env })).name).toBe('segments');
    expectError(await ferry(['pipelines', 'show', 'nothing'], { env }), 3, 'NOT_FOUND');
    const run = await ferryJson<{ id: string }>(['pipelines', 'run', 'segments'], { env });
    const watched = await ferry(['runs', 'watch', run.id], { env });
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/^model version: +segments v1$/m);
    expectError(await ferry(['runs', 'show', '00000000-0000-0000-0000-000000000000'], { env }), 3, 'NOT_FOUND');
    expectError(await ferry(['runs', 'watch', run.id, '--timeout', 'soon'], { env }), 2);

    // monitor, drift reports, batch watch
    const monitor = await ferryJson<{ windowSize: number }>(['monitor', 'configure', 'shop', '--window-size', '500'], {
      env,
    });
    expect(monitor.windowSize).toBe(500);
    const monitorTable = await ferry(['monitor', 'show', 'shop'], { env });
    expect(monitorTable.stdout).toMatch(/^window: +500 rows/m);
    expectError(await ferry(['monitor', 'show'], { env }), 2);
    expectError(await ferry(['drift', 'reports', 'trained', '--first', '0'], { env }), 2);
    const jobs = await ferryJson<{ id: string }>(['batch', 'start', 'shop', 'users@2'], { env });
    const job = await ferry(['batch', 'watch', jobs.id], { env });
    expect(job.code).toBe(0);
    expect(job.stdout).toMatch(/^state: +succeeded$/m);
    expect(job.stdout).toMatch(/^input: +users v2$/m);
  });

  it('status shows each service; keys create, list and revoke manage API keys, and a viewer key is refused a write', async () => {
    const status = await ferry(['status'], { env });
    expect(status.code).toBe(0);
    for (const service of ['registry', 'inference', 'monitoring', 'training']) {
      expect(tableRow(status.stdout, service)?.slice(0, 3)).toEqual([service, 'yes', '0.1.0']);
    }
    const statusJson = await ferryJson<{ viewer: { role: string }; services: Array<{ ready: boolean }> }>(['status'], {
      env,
    });
    expect(statusJson.viewer.role).toBe('admin');
    expect(statusJson.services.every((s) => s.ready)).toBe(true);
    expectError(await ferry(['status', 'now'], { env }), 2);

    const created = await ferry(['keys', 'create', 'dashboard', '--role', 'viewer'], { env });
    expect(created.code).toBe(0);
    const secret = /^secret: +(fry_\S+)$/m.exec(created.stdout)?.[1] ?? '';
    expect(secret).not.toBe('');
    const viewerEnv = { ...env, FERRY_API_KEY: secret };
    expect((await ferryJson<{ viewer: { role: string } }>(['status'], { env: viewerEnv })).viewer.role).toBe('viewer');
    expect((await ferry(['models', 'list'], { env: viewerEnv })).code).toBe(0);
    expectError(await ferry(['deploy', 'update', 'shop', '--version', '1'], { env: viewerEnv }), 4, 'FORBIDDEN');
    expectError(await ferry(['keys', 'create', 'sneaky', '--role', 'admin'], { env: viewerEnv }), 4, 'FORBIDDEN');
    expectError(await ferry(['keys', 'create', 'odd', '--role', 'wizard'], { env }), 2, 'BAD_USER_INPUT');

    const keys = await ferryJson<Array<{ id: string; name: string; role: string }>>(['keys', 'list'], { env });
    const dashboard = keys.find((k) => k.name === 'dashboard');
    expect(dashboard?.role).toBe('viewer');
    const list = await ferry(['keys', 'list'], { env });
    expect(tableRow(list.stdout, dashboard?.id ?? '')?.slice(1, 3)).toEqual(['dashboard', 'viewer']);
    const revoked = await ferry(['keys', 'revoke', dashboard?.id ?? ''], { env });
    expect(revoked.stdout).toMatch(/^revoked dashboard \(viewer, fry_/);
    expectError(await ferry(['status'], { env: viewerEnv }), 4, 'UNAUTHENTICATED');
    const all = await ferryJson<Array<{ name: string; revokedAt: string | null }>>(['keys', 'list', '--all'], { env });
    expect(all.find((k) => k.name === 'dashboard')?.revokedAt).not.toBeNull();
    expectError(await ferry(['keys', 'revoke', '00000000-0000-0000-0000-000000000000'], { env }), 3, 'NOT_FOUND');
  });

  it('answers usage mistakes with exit 2, a platform that does not answer with exit 6, and --help with 0', async () => {
    expectError(await ferry(['models', 'frobnicate'], { env }), 2);
    expectError(await ferry(['models', 'list', '--colour'], { env }), 2);
    expectError(await ferry(['models', 'show'], { env }), 2);
    expectError(
      await ferry(['models', 'list'], { env: { ...env, FERRY_URL: 'http://127.0.0.1:9' } }),
      6,
      'UNAVAILABLE',
    );
    expectError(await ferry(['models', 'list'], { env: { ...env, FERRY_URL: 'ftp://nowhere' } }), 2);
    expect((await ferry(['--version'], { env })).stdout).toMatch(/^ferry \d+\.\d+\.\d+\n$/);
    const help = await ferry(['--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('models register NAME FILE.onnx');
    const commandHelp = await ferry(['deploy', 'split', '--help'], { env });
    expect(commandHelp.stdout).toMatch(/^usage: ferry deploy split NAME ROUTE=WEIGHT\.\.\./);
  });

  // Last: it stops a service of the shared platform.
  it('status names a service that does not answer and exits 6', async () => {
    await platform.kill('training');
    const status = await ferry(['status'], { env });
    expect(status.code).toBe(6);
    expect(tableRow(status.stdout, 'training')?.slice(0, 2)).toEqual(['training', 'NO']);
    expect(tableRow(status.stdout, 'registry')?.slice(0, 2)).toEqual(['registry', 'yes']);
    expect(status.stdout).toMatch(/^training +NO .*unavailable/m);
  });
});
