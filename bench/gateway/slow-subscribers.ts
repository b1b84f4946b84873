/**
 * Slow subscribers (issue: gateway). A gateway process with 1,000 graphql-ws subscribers of `predictions` that
 * stop reading their sockets, and one that reads, while prediction records are published on NATS: the gateway's
 * resident memory must stay bounded (each subscriber holds at most FERRY_SUBSCRIPTION_BUFFER events, the oldest
 * dropped and counted), and the reading subscriber must keep receiving.
 *
 *   npm run bench:gateway [-- subscribers, default 1000 [seconds of publishing, default 12 [records per second, default 500]]]
 *
 * Prints the gateway's resident memory before, during (peak) and after, the events dropped, and what the reading
 * subscriber received; writes bench/results/gateway-slow-subscribers.json with a sample per second (RSS, V8 heap,
 * connections, events queued and dropped). Loopback only; bounded in time. The gateway drops subscribers that
 * answer no ping for 12 s, so they go after ~24 s: publish longer to see it. V8 collects lazily, so RSS saw-tooths;
 * `BENCH_NODE_FLAGS=--max-old-space-size=160` shows the live set is bounded (the run survives at a flat RSS).
 */
import * as fs from 'node:fs';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { connect } from 'nats';
import WebSocket from 'ws';

import { freePort, rssOf, start, tearDown, waitFor, writeResult } from '../support';

const ADMIN_KEY = 'fry_bench-slow-subscribers-admin';
const SUBSCRIPTION =
  'subscription { predictions(deployment: "bench") { id time modelVersion kind rows { predictionId inputs outputs } } }';

/** A graphql-ws client speaking the protocol by hand: connect, authenticate, subscribe. */
async function subscriber(url: string, onNext?: () => void): Promise<WebSocket> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${ADMIN_KEY}` } }));
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'connection_ack') {
        resolve();
      } else if (message.type === 'next') {
        onNext?.();
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      }
    });
    socket.once('close', (code) => reject(new Error(`closed ${code}`)));
  });
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION } }));
  return socket;
}

/** One prediction record of 8 rows (~1.6 KB of JSON), as the inference service publishes them. */
function record(i: number): string {
  const rows = Array.from({ length: 8 }, (_, r) => ({
    predictionId: `p-${i}-${r}`,
    inputs: { f0: Math.random(), f1: Math.random(), f2: Math.random(), f3: Math.random() },
    outputs: { label: r % 2, probabilities: [Math.random(), Math.random()] },
  }));
  return JSON.stringify({
    id: `r-${i}`,
    type: 'prediction',
    schemaVersion: 1,
    time: new Date().toISOString(),
    deployment: 'bench',
    modelName: 'bench',
    modelVersion: 1,
    modelVersionId: 'v1',
    kind: 'live',
    latencyMs: 0.4,
    rows,
  });
}

async function metric(base: string, series: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const seconds = Number(process.argv[3] ?? 12);
  const rate = Number(process.argv[4] ?? 500);
  const prefix = `bench_slowsubs_${process.pid}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-gateway-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FERRY_DATA_DIR: dataDir,
    FERRY_NATS_PREFIX: prefix,
    FERRY_GATEWAY_PORT: String(port),
    FERRY_AUTH: 'on',
    FERRY_ADMIN_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
  };
  for (const name of ['REGISTRY', 'INFERENCE', 'MONITORING', 'TRAINING']) {
    env[`FERRY_${name}_PORT`] = String(await freePort());
  }
  const gateway = start(['services/gateway/src/main.ts'], env);
  const base = `http://127.0.0.1:${port}`;
  const nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
  const sockets: WebSocket[] = [];
  try {
    await waitFor(`${base}/readyz`);
    const pid = gateway.pid ?? 0;
    const idle = rssOf(pid).rss;
    let received = 0;
    sockets.push(await subscriber(`ws://127.0.0.1:${port}/graphql`, () => (received += 1)));
    for (let i = 0; i < count; i++) {
      const socket = await subscriber(`ws://127.0.0.1:${port}/graphql`);
      // Stop reading: the kernel buffers fill, then the gateway's sends wait.
      (socket as unknown as { _socket: net.Socket })._socket.pause();
      sockets.push(socket);
    }
    while ((await metric(base, 'ferry_gateway_subscriptions{field="predictions"}')) < count + 1) {
      await sleep(100);
    }
    const subscribed = rssOf(pid).rss;
    let peak = subscribed;
    const samples: Array<{
      second: number;
      rssMiB: number;
      heapMiB: number;
      connections: number;
      queued: number;
      dropped: number;
    }> = [];
    const started = Date.now();
    let published = 0;
    while (Date.now() - started < seconds * 1000) {
      const due = Math.floor(((Date.now() - started) / 1000) * rate);
      for (; published < due; published++) {
        nc.publish(`${prefix}.predictions.bench`, record(published));
      }
      await nc.flush();
      const rss = rssOf(pid).rss;
      peak = Math.max(peak, rss);
      const second = Math.floor((Date.now() - started) / 1000);
      if (samples.at(-1)?.second !== second) {
        samples.push({
          second,
          rssMiB: mib(rss),
          heapMiB: mib(await metric(base, 'process_heap_bytes')),
          connections: await metric(base, 'ferry_gateway_ws_connections'),
          queued: await metric(base, 'ferry_gateway_subscription_events_total{field="predictions"}'),
          dropped: await metric(base, 'ferry_gateway_subscription_dropped_total{field="predictions"}'),
        });
      }
      await sleep(50);
    }
    await sleep(1000);
    const end = rssOf(pid).rss;
    const dropped = await metric(base, 'ferry_gateway_subscription_dropped_total{field="predictions"}');
    const queued = await metric(base, 'ferry_gateway_subscription_events_total{field="predictions"}');
    const result = {
      subscribers: count,
      publishedRecords: published,
      recordBytes: Buffer.byteLength(record(0)),
      ratePerSecond: rate,
      seconds,
      bufferPerSubscriber: Number(process.env.FERRY_SUBSCRIPTION_BUFFER ?? 100),
      gatewayNodeFlags: process.env.BENCH_NODE_FLAGS ?? '',
      gatewayRssMiB: { idle: mib(idle), subscribed: mib(subscribed), peak: mib(peak), end: mib(end) },
      growthWhilePublishingMiB: mib(peak - subscribed),
      unboundedWouldHoldMiB: mib(published * count * Buffer.byteLength(record(0))),
      eventsQueued: queued,
      eventsDropped: dropped,
      readingSubscriberReceived: received,
      samples,
    };
    process.stdout.write(
      [
        `slow subscribers: ${count} not reading + 1 reading, ${published} records of ${result.recordBytes} B in ${seconds} s`,
        `gateway RSS: idle ${result.gatewayRssMiB.idle} MiB, with subscribers ${result.gatewayRssMiB.subscribed} MiB, ` +
          `peak while publishing ${result.gatewayRssMiB.peak} MiB (+${result.growthWhilePublishingMiB}), after ${result.gatewayRssMiB.end} MiB`,
        `events queued ${queued}, dropped (oldest first) ${dropped}; unbounded buffers would hold ~${result.unboundedWouldHoldMiB} MiB`,
        `the reading subscriber received ${received} of ${published}`,
        '',
      ].join('\n'),
    );
    writeResult('gateway-slow-subscribers', result);
  } finally {
    for (const socket of sockets) {
      socket.terminate();
    }
    await nc.close();
    await tearDown([gateway], dataDir, prefix);
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
