/**
 * The body of a training worker thread: holds one run's training rows and trains one candidate per request with
 * @ferry/ml, reporting each iteration. Training is synchronous CPU work; on its own thread it leaves the service's
 * event loop free for heartbeats, GraphQL and NATS, and a cancelled run's thread is simply terminated.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { FerryError } from '@ferry/contracts';
import { Table, train, TrainerParamError, type Column, type TrainerType } from '@ferry/ml';

import type { TrainRequest, WorkerAnswer, WorkerInit } from './train-protocol';

const init = workerData as WorkerInit;
const table = new Table(init.columns as Column[]);
const port = parentPort!;

port.on('message', (request: TrainRequest) => {
  let lastReport = 0;
  try {
    const result = train({
      table,
      target: init.target ?? undefined,
      features: init.features,
      trainer: { type: init.trainer as TrainerType, params: request.params as never },
      seed: request.seed,
      onProgress: (iteration, loss) => {
        const now = Date.now();
        if (now - lastReport >= 200) {
          lastReport = now;
          port.postMessage({ kind: 'progress', iteration, loss } satisfies WorkerAnswer);
        }
      },
    });
    const answer: WorkerAnswer = {
      kind: 'result',
      onnx: result.onnx,
      params: { ...result.params },
      trainingLoss: result.trainingLoss,
      rowCount: result.rowCount,
    };
    port.postMessage(answer, [result.onnx.buffer as ArrayBuffer]);
  } catch (error) {
    const answer: WorkerAnswer = {
      kind: 'error',
      code: error instanceof FerryError ? error.code : 'INTERNAL',
      message: error instanceof Error ? error.message : String(error),
      parameter: error instanceof TrainerParamError ? error.parameter : null,
    };
    port.postMessage(answer);
  }
});
