import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';

import {
  deletePrefixStreams,
  dropSchemas,
  errorCodes,
  freePort,
  graphql,
  TEST_DATABASE_URL,
  TEST_DIALECTS,
  uniquePrefix,
} from '@ferry/testing';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface Started {
  child: ChildProcess;
  gatewayUrl: string;
  pids: number[];
  output: string[];
}

/** Runs the platform exactly as `npm start` does, and waits for its "ready" line. */
function startLikeNpmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['-r', './tools/platform/register.js', 'tools/platform/src/start.ts'], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const pids: number[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${output.join('\n')}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output.join('\n')}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const pid = /\bpid (\d+)/.exec(line)?.[1];
      if (pid !== undefined) {
        pids.push(Number(pid));
      }
      const ready = /^Ferry is ready in [\d.]+ s: (\S+)$/.exec(line);
      if (ready?.[1] !== undefined) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, gatewayUrl: ready[1], pids, output });
      }
    });
  });
}

/** The bootstrap admin key the gateway printed on its first start, if it did. */
function bootstrapKeyOf(output: string[]): string | undefined {
  return output.map((line) => /bootstrap admin API key \(shown once; keep it\): (\S+)/.exec(line)?.[1]).find(Boolean);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopWithSigterm(started: Started): Promise<number> {
  const begun = Date.now();
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill('SIGTERM');
  expect(await exited).toBe(0);
  return Date.now() - begun;
}

describe.each(TEST_DIALECTS)('the platform as `npm start` runs it, on %s', (dialect) => {
  const prefix = uniquePrefix(`e2e-${dialect}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = {
      ...process.env,
      FERRY_DATA_DIR: dataDir,
      FERRY_NATS_PREFIX: prefix,
      FERRY_DB_SCHEMA_PREFIX: `${prefix}_`,
      DATABASE_URL: dialect === 'postgres' ? TEST_DATABASE_URL : '',
      LOG_LEVEL: 'info',
      FERRY_AUTH: 'on',
      FERRY_ADMIN_KEY: '',
      FERRY_INTERNAL_SECRET: '',
    };
    for (const name of ['GATEWAY', 'REGISTRY', 'INFERENCE', 'MONITORING', 'TRAINING']) {
      env[`FERRY_${name}_PORT`] = String(await freePort());
    }
  });

  afterAll(async () => {
    await deletePrefixStreams(prefix);
    if (dialect === 'postgres') {
      await dropSchemas(prefix);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates and lists models through the gateway, survives a restart, and leaves no process behind', async () => {
    const first = await startLikeNpmStart(env);
    expect(first.pids).toHaveLength(5);
    expect(first.gatewayUrl).toBe(`http://127.0.0.1:${env.FERRY_GATEWAY_PORT}/graphql`);
    // The first start prints the bootstrap admin key, once; every request needs a key.
    const key = bootstrapKeyOf(first.output);
    expect(key).toMatch(/^fry_[A-Za-z0-9_-]{43}$/);
    const auth = { authorization: `Bearer ${key}` };
    const unauthenticated = await graphql(first.gatewayUrl, '{ models { totalCount } }');
    expect(errorCodes(unauthenticated)).toEqual(['UNAUTHENTICATED']);
    // The services share the internal secret through the data directory: a subgraph reached directly refuses.
    const direct = await graphql(`http://127.0.0.1:${env.FERRY_REGISTRY_PORT}/graphql`, '{ models { totalCount } }');
    expect(errorCodes(direct)).toEqual(['UNAUTHENTICATED']);

    const created = await graphql<{ createModel: { id: string; name: string; createdBy: string } }>(
      first.gatewayUrl,
      'mutation { createModel(input: { name: "propensity", description: "Who buys" }) { id name createdBy } }',
      {},
      auth,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createModel).toMatchObject({ name: 'propensity', createdBy: 'admin' });
    const duplicate = await graphql(
      first.gatewayUrl,
      'mutation { createModel(input: { name: "propensity" }) { id } }',
      {},
      auth,
    );
    expect(errorCodes(duplicate)).toEqual(['CONFLICT']);
    const info = await graphql<Record<string, { ready: boolean; database: string }>>(
      first.gatewayUrl,
      '{ registryService { ready database } inferenceService { ready database } monitoringService { ready database } trainingService { ready database } }',
      {},
      auth,
    );
    for (const service of Object.values(info.data ?? {})) {
      expect(service).toEqual({ ready: true, database: dialect });
    }

    // The whole serving path through the gateway: upload, register, alias, deploy, predict.
    const onnx = fs.readFileSync(
      path.join(
        REPO,
        '..',
        'shared',
        'onnx-corpus',
        'classic-ml',
        'sklearn_randomforest_iris_zipmap_6rows',
        'model.onnx',
      ),
    );
    const upload = await fetch(`http://127.0.0.1:${env.FERRY_REGISTRY_PORT}/artifacts`, {
      method: 'PUT',
      body: onnx,
      headers: auth,
    });
    const { sha256 } = (await upload.json()) as { sha256: string };
    const steps = [
      `mutation { registerModelVersion(input: { modelName: "propensity", artifactSha256: "${sha256}" }) { version status } }`,
      'mutation { setModelAlias(input: { modelName: "propensity", alias: "production", version: 1 }) { version } }',
      'mutation { createDeployment(input: { name: "propensity", modelName: "propensity", alias: "production" }) { name } }',
    ];
    for (const step of steps) {
      expect((await graphql(first.gatewayUrl, step, {}, auth)).errors).toBeUndefined();
    }
    const predicted = await graphql<{
      predict: { rows: Array<{ output_label: number }>; modelVersion: { version: number } };
    }>(
      first.gatewayUrl,
      'mutation($rows: JSON!) { predict(deployment: "propensity", inputs: $rows) { rows modelVersion { version } } }',
      { rows: [{ 'X[0]': 6.3, 'X[1]': 3.3, 'X[2]': 6.0, 'X[3]': 2.5 }] },
      auth,
    );
    expect(predicted.errors).toBeUndefined();
    expect(predicted.data?.predict.modelVersion.version).toBe(1);
    expect(predicted.data?.predict.rows[0]?.output_label).toBe(2);
    // Federation: the inference subgraph's Deployment points at the registry's Model.
    const federated = await graphql<{
      deployment: { model: { description: string; latestVersion: { status: string } } };
    }>(
      first.gatewayUrl,
      '{ deployment(name: "propensity") { model { description latestVersion { status } } } }',
      {},
      auth,
    );
    expect(federated.data?.deployment.model).toEqual({ description: 'Who buys', latestVersion: { status: 'READY' } });

    const stoppedIn = await stopWithSigterm(first);
    expect(stoppedIn).toBeLessThan(8000);
    for (const pid of first.pids) {
      expect({ pid, alive: alive(pid) }).toEqual({ pid, alive: false });
    }

    const second = await startLikeNpmStart(env);
    expect(bootstrapKeyOf(second.output)).toBeUndefined();
    const listed = await graphql<{ models: { nodes: Array<{ id: string; name: string; description: string }> } }>(
      second.gatewayUrl,
      '{ models { nodes { id name description } } }',
      {},
      auth,
    );
    expect(listed.data?.models.nodes).toEqual([
      { id: created.data?.createModel.id, name: 'propensity', description: 'Who buys' },
    ]);
    await stopWithSigterm(second);
    for (const pid of second.pids) {
      expect(alive(pid)).toBe(false);
    }
  });
});
