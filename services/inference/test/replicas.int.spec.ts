import { spawn } from 'node:child_process';
import * as path from 'node:path';

import { connectTestNats, freePort, graphql } from '@ferry/testing';
import type { NatsConnection } from 'nats';

import { deployIris, usePlatform } from './support';

interface Status {
  deployment: { status: Array<{ servingVersion: number | null; served: number }> } | null;
}

async function routeStatus(url: string) {
  return (await graphql<Status>(url, '{ deployment(name: "iris") { status { servingVersion served } } }')).data
    ?.deployment?.status[0];
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends `total` requests from 16 concurrent callers that retry (up to 5 times) on a timeout or no responder. */
async function callUntilDone(
  nc: NatsConnection,
  subject: string,
  total: number,
  onProgress: (answered: number) => void = () => undefined,
): Promise<{ answered: number; failures: string[] }> {
  const request = JSON.stringify({ inputs: [{ 'X[0]': 5.1, 'X[1]': 3.5, 'X[2]': 1.4, 'X[3]': 0.2 }] });
  let sent = 0;
  let answered = 0;
  const failures: string[] = [];
  const caller = async (): Promise<void> => {
    while (sent < total) {
      sent += 1;
      for (let attempt = 1; ; attempt++) {
        try {
          const reply = await nc.request(subject, request, { timeout: 2000 });
          const body = reply.json<{ predictionId?: string; error?: { message: string } }>();
          if (body.predictionId === undefined) {
            failures.push(body.error?.message ?? 'no prediction');
          } else {
            answered += 1;
            onProgress(answered);
          }
          break;
        } catch (error) {
          // No responder (a replica just left) or a timeout: the caller retries, as the protocol intends.
          if (attempt >= 5) {
            failures.push(String(error));
            break;
          }
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, () => caller()));
  return { answered, failures };
}

describe('replicas behind the NATS queue group', () => {
  const platform = usePlatform('replicas');
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connectTestNats();
  });

  afterAll(async () => {
    await nc.close();
  });

  it('converge on deployments made through another replica, share the load, and lose nothing when one stops mid-load', async () => {
    const second = await platform.replica();
    const version = await deployIris(platform);
    // The second replica learns of it from the deployment.updated event.
    await until(async () => (await routeStatus(`${second.url}/graphql`))?.servingVersion === version);

    const subject = `${platform.prefix}.inference.predict.iris`;
    const total = 1500;
    let progress = 0;
    const load = callUntilDone(nc, subject, total, (answered) => (progress = answered));
    await until(async () => progress > total / 3);
    const secondServed = (await routeStatus(`${second.url}/graphql`))?.served ?? 0;
    await second.stop();
    const { answered, failures } = await load;

    expect(failures).toEqual([]);
    expect(answered).toBe(total);
    const firstServed = (await routeStatus(platform.url))?.served ?? 0;
    expect(secondServed).toBeGreaterThan(0);
    expect(firstServed).toBeGreaterThan(0);

    // A replica that starts later serves what is deployed from the start.
    const later = await platform.replica();
    expect((await routeStatus(`${later.url}/graphql`))?.servingVersion).toBe(version);
  });

  it('loses no request when a replica process is killed (SIGKILL) mid-load: callers retry and the other replica answers', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', './tools/platform/register.js', 'services/inference/src/main.ts'], {
      cwd: path.resolve(__dirname, '..', '..', '..'),
      env: {
        ...process.env,
        FERRY_DATA_DIR: platform.config.dataDir,
        FERRY_NATS_PREFIX: platform.prefix,
        FERRY_DB_SCHEMA_PREFIX: platform.config.dbSchemaPrefix,
        DATABASE_URL: platform.config.databaseUrl ?? '',
        FERRY_REGISTRY_PORT: String(platform.registry.port),
        FERRY_INFERENCE_PORT: String(port),
        // Like the in-process services of the test (testConfig): reached directly, without the gateway.
        FERRY_AUTH: 'off',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    try {
      await until(
        async () =>
          (await routeStatus(`http://127.0.0.1:${port}/graphql`).catch(() => undefined))?.servingVersion !== undefined,
        30_000,
      );
      const total = 1500;
      let progress = 0;
      const load = callUntilDone(
        nc,
        `${platform.prefix}.inference.predict.iris`,
        total,
        (answered) => (progress = answered),
      );
      await until(async () => progress > total / 3);
      const killedServed = (await routeStatus(`http://127.0.0.1:${port}/graphql`))?.served ?? 0;
      child.kill('SIGKILL');
      const { answered, failures } = await load;
      expect(failures).toEqual([]);
      expect(answered).toBe(total);
      expect(killedServed).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
