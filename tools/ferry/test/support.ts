import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

import { startIsolatedPlatform } from '@ferry/platform';

export const BIN = path.resolve(__dirname, '..', 'bin', 'ferry.js');

/** A whole platform (NATS from the machine, five services) for the CLI to talk to, with auth on. */
export interface TestPlatform {
  url: string;
  adminKey: string;
  dataDir: string;
  /** The environment a user's shell would have: FERRY_URL, FERRY_API_KEY and a private FERRY_CONFIG. */
  cliEnv: NodeJS.ProcessEnv;
  /** Kills one service's process (SIGKILL) and waits until it is gone. */
  kill(service: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the platform as `npm start` does, isolated: free ports, its own NATS prefix and data directory, auth on. */
export async function startTestPlatform(label: string): Promise<TestPlatform> {
  const platform = await startIsolatedPlatform(label, { env: { ...process.env, LOG_LEVEL: 'warn' } });
  return {
    url: platform.url,
    adminKey: platform.adminKey,
    dataDir: platform.dataDir,
    cliEnv: {
      ...cleanEnv(),
      FERRY_URL: platform.url,
      FERRY_API_KEY: platform.adminKey,
      FERRY_CONFIG: path.join(platform.dataDir, 'cli', 'config.json'),
    },
    kill: async (service) => {
      const child = platform.running.services.find((s) => s.name === service)?.child;
      if (child !== undefined && child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await gone;
      }
    },
    stop: () => platform.stop(),
  };
}

/** The test process's environment without Ferry's own variables, as a fresh shell would have it. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('FERRY_') && name !== 'NODE_OPTIONS'),
  );
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A process started by a test: its output so far, and its end. */
export interface Started {
  stdout(): string;
  stderr(): string;
  exited(): boolean;
  done: Promise<CliRun>;
}

/** Starts a process with stdin given (or closed at once) and collects its output. */
export function startProcess(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; stdin?: string; cwd?: string },
): Started {
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd ?? os.tmpdir(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  child.stdin.end(options.stdin ?? '');
  return { stdout: () => stdout, stderr: () => stderr, exited: () => child.exitCode !== null, done };
}

/** Runs the real `ferry` binary as a person would, answering its exit code and output. */
export function ferry(
  args: string[],
  options: { env: NodeJS.ProcessEnv; stdin?: string; cwd?: string },
): Promise<CliRun> {
  return startProcess(process.execPath, [BIN, ...args], options).done;
}

/** Runs `ferry` and parses its `--json` output (failing the test with the output when it is not JSON). */
export async function ferryJson<T>(args: string[], options: { env: NodeJS.ProcessEnv; stdin?: string }): Promise<T> {
  const run = await ferry([...args, '--json'], options);
  if (run.code !== 0) {
    throw new Error(`ferry ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  }
  return JSON.parse(run.stdout) as T;
}

/** What a one-line error looks like: `ferry: <message> [CODE]` and nothing else on stderr but a usage line. */
export function errorLine(run: CliRun): string {
  const lines = run.stderr.trim().split('\n');
  return lines[0] ?? '';
}

/** Resolves once the process's stderr holds a line matching `pattern` (e.g. a watch command's "watching" note). */
export async function waitForStderr(started: Started, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(started.stderr())) {
    if (Date.now() > deadline || started.exited()) {
      throw new Error(`no ${pattern} on stderr; stderr: ${started.stderr()}; stdout: ${started.stdout()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A `ferry` command left running (watch commands). */
export function ferryInBackground(args: string[], options: { env: NodeJS.ProcessEnv }): Started {
  return startProcess(process.execPath, [BIN, ...args], options);
}
