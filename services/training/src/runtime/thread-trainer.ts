import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

import { ErrorCode, FerryError } from '@ferry/contracts';

import type { TrainedCandidate, TrainerBackend, TrainingData, TrainingSession } from '../domain/ports';
import type { TrainerSpec } from '../domain/pipeline';
import type { TrainRequest, WorkerAnswer, WorkerInit } from './train-protocol';

/** The swc loader every Ferry process starts with (ADR 0001); a worker thread needs it to load TypeScript too. */
function findRegister(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tools', 'platform', 'register.js');
    if (fs.existsSync(candidate)) {
      return candidate;
    }
  }
  throw new Error('tools/platform/register.js not found above the training service');
}

const ENTRY = path.join(__dirname, 'train-worker.ts');

/** The built-in trainers (@ferry/ml), each run's trials on a worker thread of its own. */
export class ThreadTrainer implements TrainerBackend {
  private readonly register = findRegister();

  async open(trainer: TrainerSpec, data: TrainingData): Promise<TrainingSession> {
    const init: WorkerInit = {
      columns: data.train.columns.map((c) => ({
        name: c.name,
        kind: c.kind,
        values: c.kind === 'numeric' ? c.values : [...c.values],
      })),
      target: data.target,
      features: data.features,
      trainer: trainer.type,
    };
    return new ThreadSession(init, `require(${JSON.stringify(this.register)});require(${JSON.stringify(ENTRY)});`);
  }
}

class ThreadSession implements TrainingSession {
  private worker: Worker | undefined;

  constructor(
    private readonly init: WorkerInit,
    private readonly code: string,
  ) {}

  trial(request: Parameters<TrainingSession['trial']>[0]): Promise<TrainedCandidate> {
    const worker = (this.worker ??= new Worker(this.code, { eval: true, workerData: this.init }));
    return new Promise<TrainedCandidate>((resolve, reject) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        request.signal.removeEventListener('abort', onAbort);
      };
      const onMessage = (answer: WorkerAnswer): void => {
        if (answer.kind === 'progress') {
          request.onProgress(answer.iteration, answer.loss);
          return;
        }
        cleanup();
        if (answer.kind === 'result') {
          resolve({
            onnx: new Uint8Array(answer.onnx),
            params: answer.params,
            trainingLoss: answer.trainingLoss,
            log: [`trained on ${answer.rowCount} rows; training loss ${answer.trainingLoss}`],
          });
        } else if (answer.code === ErrorCode.BAD_USER_INPUT) {
          reject(new FerryError(ErrorCode.BAD_USER_INPUT, answer.message));
        } else {
          reject(new FerryError(ErrorCode.INTERNAL, 'training failed', { cause: new Error(answer.message) }));
        }
      };
      const onError = (error: Error): void => {
        cleanup();
        this.worker = undefined;
        reject(new FerryError(ErrorCode.INTERNAL, 'the training thread failed', { cause: error }));
      };
      const onExit = (code: number): void => {
        cleanup();
        this.worker = undefined;
        reject(new FerryError(ErrorCode.INTERNAL, 'the training thread exited', { cause: new Error(`exit ${code}`) }));
      };
      const onAbort = (): void => {
        cleanup();
        this.worker = undefined;
        void worker.terminate();
        reject(new Error('training aborted'));
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      request.signal.addEventListener('abort', onAbort);
      if (request.signal.aborted) {
        onAbort();
        return;
      }
      worker.postMessage({ params: request.params, seed: request.seed } satisfies TrainRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
