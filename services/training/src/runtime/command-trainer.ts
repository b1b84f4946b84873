import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ErrorCode, FerryError } from '@ferry/contracts';

import type { TrainerSpec } from '../domain/pipeline';
import type { TrainedCandidate, TrainerBackend, TrainingData, TrainingSession } from '../domain/ports';
import { writeTableCsv } from './table-csv';

/** Output lines of a command kept for the run's log (the newest). */
const KEPT_LINES = 200;
/** After SIGTERM, how long a command has to exit before SIGKILL. */
const KILL_GRACE_MS = 2000;
/** Variables of the service's environment a command inherits; secrets (DATABASE_URL, keys) stay behind. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'PYTHONPATH', 'NODE_PATH', 'VIRTUAL_ENV'];

/**
 * The command trainer, for models from any framework: the run's training and holdout rows are written as CSV once,
 * then each trial runs the configured argv (no shell) in a directory of its own with FERRY_TRAIN_DATA,
 * FERRY_VALID_DATA, FERRY_OUTPUT_MODEL, FERRY_TRAIN_PARAMS (JSON), FERRY_TRAIN_TARGET, FERRY_TRAIN_FEATURES (JSON)
 * and FERRY_TRAIN_SEED. Its output becomes the run's log; past its timeout (or on cancel) its process group is
 * stopped. The ONNX file it writes goes through the same gate as a built-in trainer's.
 */
export class CommandTrainer implements TrainerBackend {
  async open(trainer: TrainerSpec, data: TrainingData, workDir: string): Promise<TrainingSession> {
    fs.mkdirSync(workDir, { recursive: true });
    const files = { train: path.join(workDir, 'train.csv'), valid: path.join(workDir, 'valid.csv') };
    writeTableCsv(data.train, files.train);
    const columns = data.target === null ? data.features : [...data.features, data.target];
    writeTableCsv(data.holdout.pick([...new Set(columns)]), files.valid);
    return {
      trial: (request) => runCommand(trainer, data, files, path.join(workDir, `trial-${request.index + 1}`), request),
      close: async () => fs.rmSync(workDir, { recursive: true, force: true }),
    };
  }
}

async function runCommand(
  trainer: TrainerSpec,
  data: TrainingData,
  files: { train: string; valid: string },
  dir: string,
  request: Parameters<TrainingSession['trial']>[0],
): Promise<TrainedCandidate> {
  const [program, ...args] = trainer.command ?? [];
  if (program === undefined) {
    throw new FerryError(ErrorCode.BAD_USER_INPUT, 'the pipeline has no command');
  }
  fs.mkdirSync(dir, { recursive: true });
  const output = path.join(dir, 'model.onnx');
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED) {
    if (process.env[name] !== undefined) {
      env[name] = process.env[name];
    }
  }
  Object.assign(env, {
    FERRY_TRAIN_DATA: files.train,
    FERRY_VALID_DATA: files.valid,
    FERRY_OUTPUT_MODEL: output,
    FERRY_TRAIN_PARAMS: JSON.stringify(request.params),
    FERRY_TRAIN_TARGET: data.target ?? '',
    FERRY_TRAIN_FEATURES: JSON.stringify(data.features),
    FERRY_TRAIN_SEED: String(request.seed),
  });
  const lines: string[] = [];
  const keep = (stream: string) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (line.trim() !== '') {
        lines.push(`[${stream}] ${line}`);
      }
    }
    lines.splice(0, Math.max(0, lines.length - KEPT_LINES));
  };
  const child = spawn(program, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', keep('stdout'));
  child.stderr.on('data', keep('stderr'));
  let stoppedFor: 'timeout' | 'abort' | undefined;
  const stop = (why: 'timeout' | 'abort'): void => {
    stoppedFor ??= why;
    signalGroup(child.pid, 'SIGTERM');
    setTimeout(() => signalGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
  };
  const timeoutMs = (trainer.timeoutSeconds ?? 3600) * 1000;
  const timer = setTimeout(() => stop('timeout'), timeoutMs);
  const onAbort = (): void => stop('abort');
  request.signal.addEventListener('abort', onAbort);
  try {
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    }).catch((error: unknown) => {
      throw new FerryError(
        ErrorCode.BAD_USER_INPUT,
        `the command could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    if (stoppedFor === 'abort') {
      throw new Error('training aborted');
    }
    const tail = lines
      .filter((l) => l.startsWith('[stderr]'))
      .slice(-3)
      .join(' | ');
    if (stoppedFor === 'timeout') {
      throw withLog(`the command timed out after ${trainer.timeoutSeconds} s and was stopped`, lines);
    }
    if (exit.code !== 0) {
      const how = exit.code === null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      throw withLog(`the command ${how}${tail === '' ? '' : `: ${tail}`}`, lines);
    }
    if (!fs.existsSync(output)) {
      throw withLog('the command exited 0 but wrote no model at FERRY_OUTPUT_MODEL', lines);
    }
    return { onnx: new Uint8Array(fs.readFileSync(output)), params: request.params, trainingLoss: null, log: lines };
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', onAbort);
  }
}

/** A trial failure that still carries the command's output (the run's log records it). */
function withLog(message: string, lines: string[]): FerryError {
  return new FerryError(ErrorCode.BAD_USER_INPUT, message, { details: { log: lines } });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) {
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
