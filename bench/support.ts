/** Helpers the benchmarks share: ports, child services, readiness, GraphQL calls and process memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { deletePrefixStreams } from '@ferry/testing';

export const REPO = path.resolve(__dirname, '..');

/** A TCP port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a TypeScript entry point of the repository as a child process. */
export function start(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), '-r', './tools/platform/register.js', ...args],
    {
      cwd: REPO,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

/** Waits until `url` answers below 500 (20 s at most). */
export async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    ) {
      return;
    }
    await sleep(100);
  }
  throw new Error(`${url} did not come up`);
}

/** A GraphQL call that throws on errors. */
export async function gql(url: string, query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown; data?: unknown };
  if (body.errors !== undefined) {
    throw new Error(JSON.stringify(body.errors));
  }
  return body.data;
}

/** Resident memory of a process now and at its peak (bytes), from /proc. */
export function rssOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Writes bench/results/<name>.json. */
export function writeResult(name: string, result: unknown): void {
  fs.mkdirSync(path.join(REPO, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(REPO, 'bench', 'results', `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

/** Stops the benchmark's processes (and waits for them), deletes its data and the streams of its prefix. */
export async function tearDown(children: ChildProcess[], dataDir: string, prefix: string): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            resolve();
            return;
          }
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  fs.rmSync(dataDir, { recursive: true, force: true });
  // The machine's NATS outlives the run: leave no streams behind.
  await deletePrefixStreams(prefix);
}
