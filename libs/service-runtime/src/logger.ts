import type { LogLevel } from '@ferry/contracts';
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** A structured JSON logger (one object per line on stdout) carrying the service's name in every line. */
export function createLogger(service: string, level: LogLevel): Logger {
  return pino(
    {
      level,
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous, so the last lines before an exit are never lost.
    pino.destination({ dest: 1, sync: true }),
  );
}
