import { connectTestNats, graphql } from '@ferry/testing';
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
    const request = JSON.stringify({ inputs: [{ 'X[0]': 5.1, 'X[1]': 3.5, 'X[2]': 1.4, 'X[3]': 0.2 }] });
    const total = 1500;
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
    const callers = Array.from({ length: 16 }, () => caller());
    await until(async () => answered > total / 3);
    const secondServed = (await routeStatus(`${second.url}/graphql`))?.served ?? 0;
    await second.stop();
    await Promise.all(callers);

    expect(failures).toEqual([]);
    expect(answered).toBe(total);
    const firstServed = (await routeStatus(platform.url))?.served ?? 0;
    expect(secondServed).toBeGreaterThan(0);
    expect(firstServed).toBeGreaterThan(0);

    // A replica that starts later serves what is deployed from the start.
    const later = await platform.replica();
    expect((await routeStatus(`${later.url}/graphql`))?.servingVersion).toBe(version);
  });
});
