import { jetStreamName, PredictionRecordSchema, streamsFor } from '@ferry/contracts';
import { ensureStreams } from '@ferry/messaging';
import {
  connectTestNats,
  deletePrefixStreams,
  graphql,
  parsePrometheus,
  readStream,
  uniquePrefix,
} from '@ferry/testing';
import pino from 'pino';

import { PredictionLog } from '../src/messaging/prediction-log';
import { createDeployment, deployIris, usePlatform, v2Infer } from './support';

const ROW = { 'X[0]': 5.1, 'X[1]': 3.5, 'X[2]': 1.4, 'X[3]': 0.2 };

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('prediction log and metrics', () => {
  const platform = usePlatform('telemetry');
  const predictions = () => readStream(jetStreamName(platform.prefix, 'PREDICTIONS'));

  beforeAll(async () => {
    await deployIris(platform);
    await createDeployment(platform, {
      name: 'iris-shadowed',
      modelName: 'iris',
      version: 1,
      shadow: { alias: 'production' },
    });
    await createDeployment(platform, {
      name: 'iris-unlogged',
      modelName: 'iris',
      alias: 'production',
      logSampleRate: 0,
    });
  });

  it('logs one record per request, with one prediction id per row, its inputs and outputs, under the request id', async () => {
    const answer = await graphql<{ predict: { requestId: string; predictionIds: string[] } }>(
      platform.url,
      'mutation($i: JSON!) { predict(deployment: "iris", inputs: $i) { requestId predictionIds } }',
      { i: [ROW, { ...ROW, 'X[2]': 6.0 }] },
    );
    const { requestId, predictionIds } = answer.data?.predict ?? { requestId: '', predictionIds: [] };
    await until(async () => (await predictions()).some((m) => m.msgId === requestId));
    const stored = (await predictions()).filter((m) => m.msgId === requestId);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.subject).toBe(`${platform.prefix}.predictions.iris`);
    const record = PredictionRecordSchema.parse(stored[0]?.body);
    expect(record).toMatchObject({
      id: requestId,
      deployment: 'iris',
      modelName: 'iris',
      modelVersion: 1,
      kind: 'live',
    });
    expect(record.rows.map((r) => r.predictionId)).toEqual(predictionIds);
    expect(record.rows[0]?.inputs).toEqual(ROW);
    expect(record.rows[1]?.outputs).toHaveProperty('output_label');
  });

  it('logs the shadow under the live request id with the live prediction ids, and nothing when sampling is 0', async () => {
    const live = await v2Infer(platform.inference.url, 'iris-shadowed', {
      inputs: [{ name: 'X', shape: [1, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2] }],
    });
    const ids = (live.body.parameters as { prediction_ids: string[] }).prediction_ids;
    await until(async () => (await predictions()).some((m) => (m.body as { kind?: string }).kind === 'shadow'));
    const shadow = (await predictions()).find((m) => (m.body as { kind?: string }).kind === 'shadow');
    expect(shadow?.msgId).toMatch(/:shadow$/);
    expect((shadow?.body as { rows: Array<{ predictionId: string }> }).rows.map((r) => r.predictionId)).toEqual(ids);

    const before = (await predictions()).length;
    for (let i = 0; i < 20; i++) {
      await v2Infer(platform.inference.url, 'iris-unlogged', {
        inputs: [{ name: 'X', shape: [1, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2] }],
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(
      (await predictions()).filter((m) => (m.body as { deployment: string }).deployment === 'iris-unlogged'),
    ).toHaveLength(0);
    expect((await predictions()).length).toBe(before);
  });

  it('exposes Prometheus metrics per deployment and version', async () => {
    await v2Infer(platform.inference.url, 'iris', {
      inputs: [{ name: 'X', shape: [1, 3], datatype: 'FP32', data: [1, 2, 3] }],
    });
    const text = await (await fetch(`${platform.inference.url}/metrics`)).text();
    expect(text).toMatch(/^ferry_inference_requests_total\{deployment="iris",version="1",kind="live"\} [1-9]\d*$/m);
    expect(text).toMatch(
      /^ferry_inference_errors_total\{deployment="iris",code="BAD_USER_INPUT",kind="live"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^ferry_inference_request_duration_seconds_bucket\{deployment="iris",version="1",le="\+Inf"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(/^ferry_inference_batch_rows_count\{deployment="iris",version="1"\} [1-9]\d*$/m);
    expect(text).toMatch(/^ferry_inference_loaded_models 1$/m);
    expect(text).toMatch(/^ferry_inference_prediction_log_dropped_total 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);

    // What a scraper reads: the whole answer parses, with the types and series asked for.
    const families = parsePrometheus(text);
    const requests = families.get('ferry_inference_requests_total');
    expect(requests?.type).toBe('COUNTER');
    const live = requests?.metrics.find((m) => m.labels?.deployment === 'iris' && m.labels.kind === 'live');
    expect(Number(live?.value)).toBeGreaterThan(0);
    expect(families.get('ferry_inference_loaded_models')?.type).toBe('GAUGE');
    // (This parser keeps a labelled histogram's type and buckets but not its labels: the series are checked above.)
    for (const name of [
      'ferry_inference_request_duration_seconds',
      'ferry_inference_batch_rows',
      'ferry_inference_queue_seconds',
    ]) {
      expect(families.get(name)?.type).toBe('HISTOGRAM');
    }
    expect(families.get('ferry_inference_prediction_log_dropped_total')?.metrics[0]?.value).toBe('0');
  });
});

describe('prediction log without a stream to take it', () => {
  const prefix = uniquePrefix('predlog');

  afterAll(async () => {
    await deletePrefixStreams(prefix);
  });

  it('buffers up to its bound, counts what it drops, and publishes the rest once JetStream takes them', async () => {
    const nc = await connectTestNats();
    let dropped = 0;
    let published = 0;
    const log = new PredictionLog(nc, prefix, pino({ level: 'silent' }), {
      ackTimeoutMs: 300,
      maxBuffered: 50,
      concurrency: 8,
      onDropped: (n) => (dropped += n),
      onPublished: () => (published += 1),
    });
    const record = (i: number) => ({
      id: `request-${i}`,
      type: 'prediction' as const,
      schemaVersion: 1 as const,
      time: new Date().toISOString(),
      deployment: 'd',
      modelName: 'm',
      modelVersion: 1,
      modelVersionId: 'v',
      kind: 'live' as const,
      latencyMs: 1,
      rows: [{ predictionId: `p-${i}`, inputs: { x: i }, outputs: { y: i } }],
    });
    for (let i = 0; i < 80; i++) {
      log.record(record(i));
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(published).toBe(0);
    expect(dropped).toBe(30);
    expect(log.buffered).toBe(50);

    await ensureStreams(await nc.jetstreamManager(), [streamsFor(prefix).predictions]);
    await until(async () => published === 50, 15_000);
    const stored = await readStream(jetStreamName(prefix, 'PREDICTIONS'));
    expect(stored.map((m) => m.msgId).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `request-${i + 30}`).sort());
    await log.stop(1000);
    await nc.close();
  });
});
