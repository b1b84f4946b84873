import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { prefixStreamNames } from '@ferry/messaging';
import { connectTestNats, deletePrefixStreams } from '@ferry/testing';

const REPO = path.resolve(__dirname, '..', '..', '..');
/** The bound for a fresh clone on two cores; the run itself is asserted to stay under it. */
const DEMO_LIMIT_MS = 180_000;

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `npm run demo`'s command as a child process, on a platform of its own (no FERRY_URL). */
function runDemo(): Promise<DemoRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FERRY_URL;
  delete env.FERRY_API_KEY;
  const started = Date.now();
  const child = spawn(process.execPath, ['-r', './tools/platform/register.js', 'tools/ferry/src/demo/main.ts'], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGTERM'), DEMO_LIMIT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

async function streamsOf(prefix: string): Promise<string[]> {
  const nc = await connectTestNats();
  try {
    const jsm = await nc.jetstreamManager();
    const names = await prefixStreamNames(jsm, prefix);
    return names;
  } finally {
    await nc.close();
  }
}

describe('npm run demo', () => {
  let run: DemoRun;
  let prefix: string | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    run = await runDemo();
    // The demo names its own unique NATS prefix and temporary directory on its "Platform:" line.
    const platform = /NATS prefix (\S+), data in ([^)]+)\)/.exec(run.stdout);
    prefix = platform?.[1];
    dataDir = platform?.[2];
  }, DEMO_LIMIT_MS + 10_000);

  afterAll(async () => {
    // The demo cleans up after itself (asserted below); this only guards the machine when it did not.
    if (prefix !== undefined) {
      await deletePrefixStreams(prefix);
    }
    if (dataDir !== undefined) {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('tells the whole closed loop, every step verified, and exits 0 within 3 minutes', () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.ms).toBeLessThan(DEMO_LIMIT_MS);
    const steps = run.stdout.split('\n').filter((line) => /^[✓✗] \d+\. /.test(line));
    expect(steps).toHaveLength(14);
    expect(steps.every((line) => line.startsWith('✓'))).toBe(true);
    // Each step states its timing.
    expect(steps.every((line) => / in \d+\.\d s — /.test(line))).toBe(true);
  });

  it('shows the drift alert, the promoted challenger, the swap and zero failed requests', () => {
    const out = run.stdout;
    expect(out).toMatch(
      /✓ 8\. Shifted the live users .* — drift alert received on the subscription .*naming .*age.*ad_clicks/,
    );
    // Every shifted feature is flagged in the window of new users (a feature that did not shift may be a false alarm).
    const flagged = /the next window of [\d,]+ new users flags ([a-z_, ]+)/.exec(out)?.[1]?.split(', ') ?? [];
    expect(flagged).toEqual(expect.arrayContaining(['age', 'ad_clicks', 'country', 'device']));
    expect(out).toMatch(
      /✓ 10\. Retrained "propensity" by itself on v2 \(trigger dataset_version\) .* challenger v2 beats champion v1 .* promoted/,
    );
    expect(out).toMatch(/✓ 11\. Alias production of "purchase-propensity" moved v1 → v2/);
    expect(out).toMatch(/✓ 12\. Inference swapped "propensity" to v2/);
    expect(out).toMatch(/✓ 14\. Stopped the live traffic .* [\d,]+ answered by v1, [\d,]+ by v2, 0 failed requests/);
    expect(out).toMatch(
      /^✓ Demo passed in \d+\.\d s .*drift alert received, challenger promoted, inference swapped with 0 failed requests$/m,
    );
  });

  it('stopped its platform and removed its streams and its data directory', async () => {
    expect(prefix).toMatch(/^demo_[0-9a-f]{8}$/);
    expect(await streamsOf(prefix!)).toEqual([]);
    expect(fs.existsSync(dataDir!)).toBe(false);
  });
});
