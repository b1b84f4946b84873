import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** Host and port of a NATS URL such as nats://127.0.0.1:4222 (or a bare host:port). */
export function natsAddress(url: string): { host: string; port: number } {
  const parsed = new URL(url.includes('://') ? url : `nats://${url}`);
  return { host: parsed.hostname, port: parsed.port === '' ? 4222 : Number(parsed.port) };
}

/** True when a NATS server answers at the address (it greets every connection with an INFO line). */
export function natsAnswers(address: { host: string; port: number }, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(address.port, address.host);
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (chunk) => done(chunk.toString('utf8').startsWith('INFO')));
  });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether Ferry may start a server for this address itself: only on this machine. */
export function isLocal(address: { host: string }): boolean {
  return LOOPBACK.has(address.host);
}

/** Finds `nats-server` on PATH (and in /usr/sbin, where Debian installs it). */
export function findNatsServer(envPath = process.env.PATH ?? ''): string | undefined {
  const dirs = [...envPath.split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'nats-server');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Starts `nats-server -js` in its own process group with its data and log under `dataDir`; waits until it answers. */
export async function startNatsServer(
  binary: string,
  address: { host: string; port: number },
  dataDir: string,
): Promise<ChildProcess> {
  const storeDir = path.join(dataDir, 'nats');
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(storeDir, { recursive: true });
  fs.mkdirSync(logDir, { recursive: true });
  const child = spawn(
    binary,
    ['-js', '-a', address.host, '-p', String(address.port), '-sd', storeDir, '-l', path.join(logDir, 'nats.log')],
    { detached: true, stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`nats-server exited with code ${child.exitCode}; see ${path.join(logDir, 'nats.log')}`);
    }
    if (await natsAnswers(address, 300)) {
      return child;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`nats-server did not answer at ${address.host}:${address.port} within 10 s`);
}
