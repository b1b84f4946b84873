/** Messages between the service and a training worker thread (see train-worker.ts). */

/** Given once, when the thread starts: the run's training rows (columns are structured-cloned). */
export interface WorkerInit {
  columns: Array<{ name: string; kind: 'numeric' | 'categorical'; values: Float64Array | Array<string | null> }>;
  target: string | null;
  features: string[];
  trainer: string;
}

/** One candidate to train. */
export interface TrainRequest {
  params: Record<string, unknown>;
  seed: number;
}

export type WorkerAnswer =
  | { kind: 'progress'; iteration: number; loss: number }
  | {
      kind: 'result';
      onnx: Uint8Array;
      params: Record<string, unknown>;
      trainingLoss: number;
      rowCount: number;
    }
  | { kind: 'error'; code: string; message: string; parameter: string | null };
