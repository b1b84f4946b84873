import * as http from 'node:http';

export interface LoadTarget {
  name: string;
  url: string;
  body: string;
  headers?: Record<string, string>;
  /** Checks an answer's body; a false answer counts as an error. */
  ok?: (status: number, body: string) => boolean;
}

export interface LoadResult {
  target: string;
  concurrency: number;
  requests: number;
  errors: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** Sends one request and tells whether it was answered well. */
export type Send = () => Promise<boolean>;

/**
 * Closed-loop load: `concurrency` workers, each sending the next request when the last answered, for `durationMs`
 * after a warm-up. Bounded in count and time.
 */
export async function runClosedLoop(
  name: string,
  concurrency: number,
  durationMs: number,
  send: Send,
  warmUpMs = 1000,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let stopAt = Date.now() + warmUpMs;
  const worker = async (): Promise<void> => {
    while (Date.now() < stopAt) {
      const started = process.hrtime.bigint();
      const good = await send().catch(() => false);
      if (measuring) {
        if (good) {
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        } else {
          errors += 1;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  measuring = true;
  const started = Date.now();
  stopAt = started + durationMs;
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    target: name,
    concurrency,
    requests: latencies.length,
    errors,
    reqPerSec: latencies.length / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

/** Closed-loop HTTP load over `concurrency` keep-alive connections (loopback only). */
export async function runLoad(
  target: LoadTarget,
  concurrency: number,
  durationMs: number,
  warmUpMs = 1000,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(target.url);
  const send: Send = () =>
    new Promise((resolve) => {
      const req = http.request(
        {
          agent,
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(target.body),
            ...target.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            resolve(status === 200 && (target.ok?.(status, Buffer.concat(chunks).toString()) ?? true));
          });
        },
      );
      req.on('error', () => resolve(false));
      req.end(target.body);
    });
  try {
    return await runClosedLoop(target.name, concurrency, durationMs, send, warmUpMs);
  } finally {
    agent.destroy();
  }
}

/** The results as a table for a terminal. */
export function table(results: LoadResult[]): string {
  const lines = ['target                                   conc     req/s   p50 ms   p99 ms   errors'];
  for (const r of results) {
    lines.push(
      `${r.target.padEnd(40)} ${String(r.concurrency).padStart(5)} ${r.reqPerSec.toFixed(0).padStart(9)} ${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(8)} ${String(r.errors).padStart(8)}`,
    );
  }
  return lines.join('\n');
}
