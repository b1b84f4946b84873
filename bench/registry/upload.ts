/**
 * Streams a large upload through the registry's `PUT /artifacts` and samples the registry process's
 * resident memory while it does: the upload must stream, never buffer. Then uploads the same bytes again
 * (stored once). Prints a table and writes bench/results/registry-upload.json.
 *
 *   node -r ./tools/platform/register.js bench/registry/upload.ts [size in MiB, default 1024]
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { rssOf, tearDown } from '../support';

const REPO = path.resolve(__dirname, '..', '..');
const MiB = 1024 * 1024;

/** A deterministic body of `size` bytes: a random block repeated with a counter, produced as it is read. */
function body(size: number, block: Buffer): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) {
        controller.close();
        return;
      }
      const chunk = Buffer.from(block.subarray(0, Math.min(block.length, size - sent)));
      chunk.writeUInt32BE(sent / block.length, 0);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

async function main(): Promise<void> {
  const sizeMiB = Number(process.argv[2] ?? 1024);
  const size = sizeMiB * MiB;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-upload-'));
  const port = 4600 + Math.floor(Math.random() * 300);
  const prefix = `bench_upload_${process.pid}`;
  const child = spawn(process.execPath, ['-r', './tools/platform/register.js', 'services/registry/src/main.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      FERRY_DATA_DIR: dataDir,
      FERRY_REGISTRY_PORT: String(port),
      FERRY_NATS_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      // The benchmarks measure the services; keys and signatures are measured apart.
      FERRY_AUTH: 'off',
    },
    stdio: 'inherit',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (
      let i = 0;
      i < 100 &&
      !(await fetch(`${base}/readyz`)
        .then((r) => r.ok)
        .catch(() => false));
      i++
    ) {
      await sleep(100);
    }
    const pid = child.pid ?? 0;
    const idle = rssOf(pid);
    const block = randomBytes(MiB);
    const expected = createHash('sha256');
    for await (const chunk of body(size, block) as unknown as AsyncIterable<Uint8Array>) {
      expected.update(chunk);
    }
    const sha256 = expected.digest('hex');

    const runs: Array<{ run: string; seconds: number; mibPerSecond: number; peakRssMiB: number }> = [];
    for (const run of ['first upload', 'same bytes again']) {
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid).rss)), 50);
      const started = process.hrtime.bigint();
      const response = await fetch(`${base}/artifacts`, {
        method: 'PUT',
        headers: { 'x-ferry-sha256': sha256 },
        body: body(size, block),
        duplex: 'half',
      } as RequestInit);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(sampler);
      const answer = (await response.json()) as { sha256?: string };
      if (response.status !== 201 || answer.sha256 !== sha256) {
        throw new Error(`upload failed: ${response.status} ${JSON.stringify(answer)}`);
      }
      runs.push({ run, seconds, mibPerSecond: sizeMiB / seconds, peakRssMiB: peak / MiB });
    }
    const storedCopies = fs
      .readdirSync(path.join(dataDir, 'artifacts', sha256.slice(0, 2)))
      .filter((name) => name === sha256).length;

    console.log(`\nregistry PUT /artifacts, ${sizeMiB} MiB streamed (idle RSS ${(idle.rss / MiB).toFixed(0)} MiB)\n`);
    console.log('run                 seconds   MiB/s   peak RSS MiB');
    for (const r of runs) {
      console.log(
        `${r.run.padEnd(18)} ${r.seconds.toFixed(2).padStart(8)} ${r.mibPerSecond.toFixed(0).padStart(7)} ${r.peakRssMiB.toFixed(0).padStart(14)}`,
      );
    }
    console.log(`\nstored copies of the artifact: ${storedCopies}`);
    const results = { sizeMiB, idleRssMiB: idle.rss / MiB, runs, storedCopies, at: new Date().toISOString() };
    fs.mkdirSync(path.join(REPO, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(REPO, 'bench', 'results', 'registry-upload.json'),
      `${JSON.stringify(results, null, 2)}\n`,
    );
  } finally {
    await tearDown([child], dataDir, prefix);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
