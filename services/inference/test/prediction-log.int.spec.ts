import { jetStreamName } from '@ferry/contracts';
import { connectTestNats, startPrivateNats, type PrivateNats } from '@ferry/testing';
import { AckPolicy, connect, type NatsConnection } from 'nats';

import { createDeployment, deployIris, usePlatform, v2Infer, type TestPlatform } from './support';

const BODY = { inputs: [{ name: 'X', datatype: 'FP32', shape: [1, 4], data: [5.1, 3.5, 1.4, 0.2] }] };

/** Sends `total` V2 requests over `concurrency` connections; answers the statuses that were not 200. */
async function load(platform: TestPlatform, deployment: string, total: number, concurrency: number) {
  const failures: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const answer = await v2Infer(platform.inference.url, deployment, BODY).catch(() => ({ status: 0 }));
        if (answer.status !== 200) {
          failures.push(answer.status);
        }
      }
    }),
  );
  return failures;
}

/**
 * Counts the prediction records of a deployment with a durable consumer, as monitoring reads them: every
 * message acknowledged, ids counted once per kind.
 */
async function countWithDurableConsumer(nc: NatsConnection, prefix: string, deployment: string, expected: number) {
  const jsm = await nc.jetstreamManager();
  const stream = jetStreamName(prefix, 'PREDICTIONS');
  const durable = `count_${deployment.replace(/\W/g, '_')}`;
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: `${prefix}.predictions.${deployment}`,
  });
  const consumer = await nc.jetstream().consumers.get(stream, durable);
  const ids = { live: new Set<string>(), shadow: new Set<string>() };
  let messages = 0;
  // Generous: after an outage the log retries with a backoff of up to 5 s per round, and CI runs suites side by side.
  const deadline = Date.now() + 90_000;
  while (ids.live.size + ids.shadow.size < expected && Date.now() < deadline) {
    const batch = await consumer.fetch({ max_messages: 1000, expires: 1000 });
    for await (const message of batch) {
      const record = message.json<{ id: string; kind: 'live' | 'shadow' }>();
      ids[record.kind].add(record.id);
      messages += 1;
      message.ack();
    }
  }
  // Nothing more arrives after the expected count.
  const rest = await consumer.fetch({ max_messages: 10, expires: 1000 });
  for await (const message of rest) {
    messages += 1;
    message.ack();
  }
  await jsm.consumers.delete(stream, durable);
  return { live: ids.live.size, shadow: ids.shadow.size, messages };
}

describe('prediction log: exactly once per prediction', () => {
  const platform = usePlatform('predlog-count');

  it('after 10,000 requests a durable consumer counts 10,000 live and 10,000 shadow records, none twice', async () => {
    await deployIris(platform);
    await createDeployment(platform, {
      name: 'counted',
      modelName: 'iris',
      alias: 'production',
      shadow: { alias: 'production' },
    });
    expect(await load(platform, 'counted', 10_000, 16)).toEqual([]);
    const nc = await connectTestNats();
    try {
      expect(await countWithDurableConsumer(nc, platform.prefix, 'counted', 20_000)).toEqual({
        live: 10_000,
        shadow: 10_000,
        messages: 20_000,
      });
    } finally {
      await nc.close();
    }
  });
});

describe('prediction log: a request larger than a NATS message', () => {
  const platform = usePlatform('predlog-large');

  it('logs a 10,000-row request as parts under derived ids, every row once', async () => {
    await deployIris(platform);
    const rows = 10_000;
    const answer = await v2Infer(platform.inference.url, 'iris', {
      inputs: [
        {
          name: 'X',
          datatype: 'FP32',
          shape: [rows, 4],
          data: Array.from({ length: rows * 4 }, (_, i) => (i % 70) / 10),
        },
      ],
    });
    expect(answer.status).toBe(200);
    const nc = await connectTestNats();
    try {
      const jsm = await nc.jetstreamManager();
      const stream = jetStreamName(platform.prefix, 'PREDICTIONS');
      let stored: Array<{ id: string; rows: Array<{ predictionId: string }> }> = [];
      for (let attempt = 0; attempt < 100; attempt++) {
        const info = await jsm.streams.info(stream);
        stored = [];
        for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
          stored.push((await jsm.streams.getMessage(stream, { seq })).json());
        }
        if (stored.reduce((n, r) => n + r.rows.length, 0) >= rows) {
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const ids = stored.flatMap((r) => r.rows.map((row) => row.predictionId));
      expect(ids).toHaveLength(rows);
      expect(new Set(ids).size).toBe(rows);
      expect(stored.length).toBeGreaterThan(1);
      expect(stored.every((r) => /#[01](#[01])*$/.test(r.id))).toBe(true);
    } finally {
      await nc.close();
    }
  });
});

describe('prediction log while NATS is down', () => {
  // Counting may wait up to 90 s for the retried records (see countWithDurableConsumer).
  jest.setTimeout(150_000);
  let nats: PrivateNats;
  // Registered before the platform's hooks, so the services start on this server.
  beforeAll(async () => {
    nats = await startPrivateNats();
  });
  // A bound well above what 5 s of outage (plus reconnect and backoff) can fill at this load, whatever the machine's
  // speed: this test is about the records under the bound arriving once; the bound itself is tested apart.
  const platform = usePlatform('predlog-outage', 'sqlite', () => ({
    NATS_URL: nats.url,
    FERRY_PREDICTION_LOG_BUFFER: '200000',
  }));
  afterAll(async () => {
    await nats.dispose();
  });

  it('keeps serving through a 5 s NATS outage with no failed request, and the buffered records arrive after', async () => {
    await deployIris(platform);
    let served = 0;
    const failures: number[] = [];
    let outage = false;
    const running = (async () => {
      // Steady load before, during and after the outage.
      const until = Date.now() + 9000;
      while (Date.now() < until) {
        const batch = await load(platform, 'iris', 20, 4);
        failures.push(...batch);
        served += 20 - batch.length;
      }
    })();
    await new Promise((r) => setTimeout(r, 1500));
    await nats.stop();
    outage = true;
    const servedBefore = served;
    await new Promise((r) => setTimeout(r, 5000));
    const servedDuring = served - servedBefore;
    await nats.start();
    await running;
    expect(outage).toBe(true);
    expect(failures).toEqual([]);
    expect(servedDuring).toBeGreaterThan(0);

    const nc = await connect({ servers: nats.url });
    try {
      const counted = await countWithDurableConsumer(nc, platform.prefix, 'iris', served);
      const metrics = await (await fetch(`${platform.inference.url}/metrics`)).text();
      const dropped = Number(/^ferry_inference_prediction_log_dropped_total (\d+)$/m.exec(metrics)?.[1] ?? NaN);
      // Under the buffer's bound nothing is dropped: every request served is in the stream, once.
      expect({ ...counted, dropped }).toEqual({ live: served, shadow: 0, messages: served, dropped: 0 });
    } finally {
      await nc.close();
    }
  });
});
