import * as net from 'node:net';

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

/**
 * Closed-loop HTTP load over `concurrency` keep-alive connections (loopback only), one per worker. The client is a
 * few lines over `net` rather than `node:http`: it shares the machine with what it measures, and Node's HTTP client
 * costs about as much CPU per request as a small server spends answering it. Every target is loaded the same way.
 */
export async function runLoad(
  target: LoadTarget,
  concurrency: number,
  durationMs: number,
  warmUpMs = 1000,
): Promise<LoadResult> {
  const url = new URL(target.url);
  const body = Buffer.from(target.body);
  const head = [
    `POST ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    'content-type: application/json',
    `content-length: ${body.length}`,
    ...Object.entries(target.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  const request = Buffer.concat([Buffer.from(head), body]);
  const idle: HttpConnection[] = [];
  const all: HttpConnection[] = [];
  const send: Send = async () => {
    const connection = idle.pop() ?? new HttpConnection(url, all);
    try {
      const answer = await connection.exchange(request, target.ok !== undefined);
      return answer.status === 200 && (target.ok?.(answer.status, answer.body) ?? true);
    } finally {
      if (connection.open) {
        idle.push(connection);
      }
    }
  };
  try {
    return await runClosedLoop(target.name, concurrency, durationMs, send, warmUpMs);
  } finally {
    all.forEach((c) => c.close());
  }
}

/** One HTTP/1.1 keep-alive connection sending one request at a time; answers need a content-length. */
class HttpConnection {
  open = true;
  private readonly socket: net.Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private pending:
    { resolve: (a: { status: number; body: string }) => void; reject: (e: Error) => void; text: boolean } | undefined;

  constructor(url: URL, all: HttpConnection[]) {
    this.socket = net.connect({ host: url.hostname, port: Number(url.port) });
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    const fail = (error: Error) => {
      this.open = false;
      this.pending?.reject(error);
      this.pending = undefined;
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail(new Error('connection closed')));
    all.push(this);
  }

  exchange(request: Buffer, text: boolean): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, text };
      this.socket.write(request);
    });
  }

  close(): void {
    this.open = false;
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end < 0 || this.pending === undefined) {
      return;
    }
    const head = this.buffered.toString('latin1', 0, end);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (length === null) {
      this.close();
      this.pending.reject(new Error('an answer without content-length'));
      this.pending = undefined;
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (this.buffered.length < total) {
      return;
    }
    const status = Number(head.slice(9, 12));
    const body = this.pending.text ? this.buffered.toString('utf8', end + 4, total) : '';
    this.buffered = this.buffered.subarray(total);
    const { resolve } = this.pending;
    this.pending = undefined;
    resolve({ status, body });
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
