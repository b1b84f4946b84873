import { ConfigError } from '@ferry/contracts';

import { PlatformStartError, startPlatform, type RunningPlatform } from './platform';

/** `npm start`: the whole platform in the foreground; Ctrl-C or SIGTERM stops everything it started. */
async function main(): Promise<void> {
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  let platform: RunningPlatform | undefined;
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      say('ferry: stopping…');
      await platform?.stop();
      say('ferry: stopped');
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  // `npm start` receiving SIGTERM exits without passing it on: when our parent goes, we go too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      void stopAll(0);
    }
  }, 250).unref();
  try {
    platform = await startPlatform({
      onStep: (message) => say(`ferry: ${message}`),
      onWarning: (service, line) => say(`[${service}] ${summarise(line)}`),
      onUnexpectedExit: (service, code, signal) => {
        say(`ferry: ${service} exited unexpectedly (${signal ?? `code ${code}`}); stopping the platform`);
        void stopAll(1);
      },
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PlatformStartError) {
      process.stderr.write(`ferry: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  say('');
  for (const service of platform.services) {
    say(
      `  ${service.name.padEnd(11)} ${service.url.padEnd(24)} pid ${String(service.child.pid).padEnd(8)} log ${service.logFile}`,
    );
  }
  say('');
  say(`Ferry is ready in ${(platform.startedInMs / 1000).toFixed(1)} s: ${platform.gatewayUrl}`);
  say('Press Ctrl-C to stop.');
}

/** One readable line from a JSON log line. */
function summarise(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: string; msg?: string; err?: { message?: string } };
    return `${(entry.level ?? '').toUpperCase()} ${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`;
  } catch {
    return line;
  }
}

void main();
