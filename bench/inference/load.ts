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

/**
 * Closed-loop load: `concurrency` keep-alive connections, each sending the next request when the last
 * answered, for `durationMs` after a warm-up. Bounded in count and time; loopback only.
 */
export async function runLoad(
  target: LoadTarget,
  concurrency: number,
  durationMs: number,
  warmUpMs = 1000,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(target.url);
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  const send = (): Promise<void> =>
    new Promise((resolve) => {
      const started = process.hrtime.bigint();
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
            if (measuring) {
              const good =
                res.statusCode === 200 && (target.ok?.(res.statusCode, Buffer.concat(chunks).toString()) ?? true);
              if (good) {
                latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
              } else {
                errors += 1;
              }
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        if (measuring) {
          errors += 1;
        }
        resolve();
      });
      req.end(target.body);
    });
  let stopAt = Date.now() + warmUpMs;
  const worker = async (): Promise<void> => {
    while (Date.now() < stopAt) {
      await send();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  measuring = true;
  const started = Date.now();
  stopAt = started + durationMs;
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    target: target.name,
    concurrency,
    requests: latencies.length,
    errors,
    reqPerSec: latencies.length / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
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
