import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';

import { SERVICE_NAMES, type FerryConfig, type ServiceName } from '@ferry/contracts';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const REGISTER = path.join(REPO_ROOT, 'tools', 'platform', 'register.js');

/** A service process the supervisor started. */
export interface ServiceProcess {
  name: ServiceName;
  child: ChildProcess;
  url: string;
  logFile: string;
}

export interface SuperviseOptions {
  config: FerryConfig;
  env: NodeJS.ProcessEnv;
  /** Lines of level warn and above from the services, for a person to see. */
  onWarning?: (service: ServiceName, line: string) => void;
  /** A service exited while the platform was meant to be running. */
  onUnexpectedExit?: (service: ServiceName, code: number | null, signal: NodeJS.Signals | null) => void;
}

/** The command that runs one service. */
export function serviceCommand(name: ServiceName): string[] {
  return ['-r', REGISTER, path.join(REPO_ROOT, 'services', name, 'src', 'main.ts')];
}

/**
 * Runs the five services as separate processes, each in its own process group and with its stdin a
 * pipe from this one: if the supervisor dies, their stdin closes and they shut down by themselves.
 */
export class Supervisor {
  readonly processes: ServiceProcess[] = [];
  private stopping = false;

  constructor(private readonly options: SuperviseOptions) {}

  start(): void {
    const { config } = this.options;
    const logDir = path.join(config.dataDir, 'logs');
    fs.mkdirSync(logDir, { recursive: true });
    for (const name of SERVICE_NAMES) {
      const logFile = path.join(logDir, `${name}.log`);
      const log = fs.createWriteStream(logFile, { flags: 'a' });
      const child = spawn(process.execPath, serviceCommand(name), {
        cwd: REPO_ROOT,
        env: { ...this.options.env, FERRY_SUPERVISED: '1' },
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      for (const stream of [child.stdout, child.stderr]) {
        stream?.pipe(log, { end: false });
        if (stream !== null) {
          readline.createInterface({ input: stream }).on('line', (line) => this.inspect(name, line));
        }
      }
      child.once('exit', (code, signal) => {
        log.end();
        if (!this.stopping) {
          this.options.onUnexpectedExit?.(name, code, signal);
        }
      });
      const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
      this.processes.push({ name, child, url: `http://${host}:${config.ports[name]}`, logFile });
    }
  }

  /** Waits until every service answers /readyz with 200; throws naming the ones that did not. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set(this.processes);
    while (pending.size > 0 && Date.now() < deadline) {
      for (const service of [...pending]) {
        if (service.child.exitCode !== null) {
          throw new Error(
            `${service.name} exited during start-up (code ${service.child.exitCode}); see ${service.logFile}`,
          );
        }
        if (await isReady(service.url)) {
          pending.delete(service);
        }
      }
      if (pending.size > 0) {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    if (pending.size > 0) {
      const names = [...pending].map((s) => `${s.name} (${s.logFile})`).join(', ');
      throw new Error(`not ready after ${Math.round(timeoutMs / 1000)} s: ${names}`);
    }
  }

  /** SIGTERM to every process group, SIGKILL to what is left after the grace period. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const alive = this.processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    await Promise.all(alive.map((p) => stopGroup(p.child, graceMs)));
  }

  private inspect(name: ServiceName, line: string): void {
    if (this.options.onWarning === undefined) {
      return;
    }
    const level = /"level":"(\w+)"/.exec(line)?.[1];
    if (level === 'warn' || level === 'error' || level === 'fatal' || (level === undefined && line.trim() !== '')) {
      this.options.onWarning(name, line);
    }
  }
}

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(1000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Stops a child started with `detached: true` (its own process group), escalating to SIGKILL. */
export async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid ?? 0, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // Anything the child left in its group goes too.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
