import type { OutputValue, Tensor, TensorData } from '@ferry/onnx';

/** One request waiting for its share of a batched run. */
interface Pending {
  feeds: Record<string, Tensor>;
  rows: number;
  outputsKey: string;
  outputs: string[] | undefined;
  maxBatchSize: number;
  enqueuedAt: bigint;
  resolve: (result: BatchedResult) => void;
  reject: (error: unknown) => void;
}

export interface BatchedResult {
  outputs: Record<string, OutputValue>;
  /** How many requests shared the run, and the rows it carried (for metrics). */
  batchRequests: number;
  batchRows: number;
  queueMs: number;
}

export type RunFeeds = (
  feeds: Record<string, Tensor>,
  outputs: string[] | undefined,
) => Promise<Record<string, OutputValue>>;

/**
 * Dynamic batching for one model: while a run is in flight, requests queue; when it finishes, the queued
 * ones (up to the batch size, same inputs and outputs asked) are concatenated along the first dimension,
 * run once, and their outputs split back. A request that arrives when nothing runs goes at once: a lone
 * request never waits for company. Only for models whose every input has a dynamic first dimension.
 */
export class Batcher {
  private readonly queue: Pending[] = [];
  private running = false;
  /** Set when a model's outputs cannot be split by row: from then on every request runs alone. */
  private unsplittable = false;

  constructor(private readonly runFeeds: RunFeeds) {}

  submit(
    feeds: Record<string, Tensor>,
    rows: number,
    outputs: string[] | undefined,
    maxBatchSize: number,
  ): Promise<BatchedResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        feeds,
        rows,
        outputs,
        outputsKey: outputs === undefined ? '*' : outputs.join('\u0000'),
        maxBatchSize,
        enqueuedAt: process.hrtime.bigint(),
        resolve,
        reject,
      });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) {
      return;
    }
    this.running = true;
    const batch = this.take();
    void this.runBatch(batch).finally(() => {
      this.running = false;
      this.pump();
    });
  }

  /** The head of the queue and what can run with it: same outputs, within the batch size (in rows). */
  private take(): Pending[] {
    const head = this.queue.shift() as Pending;
    const batch = [head];
    if (this.unsplittable) {
      return batch;
    }
    let rows = head.rows;
    for (let i = 0; i < this.queue.length && rows < head.maxBatchSize;) {
      const next = this.queue[i] as Pending;
      if (next.outputsKey === head.outputsKey && rows + next.rows <= head.maxBatchSize && sameInputs(head, next)) {
        batch.push(next);
        rows += next.rows;
        this.queue.splice(i, 1);
      } else {
        i += 1;
      }
    }
    return batch;
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const started = process.hrtime.bigint();
    const batchRows = batch.reduce((sum, p) => sum + p.rows, 0);
    const settle = (p: Pending, outputs: Record<string, OutputValue>): void =>
      p.resolve({ outputs, batchRequests: batch.length, batchRows, queueMs: Number(started - p.enqueuedAt) / 1e6 });
    if (batch.length === 1) {
      const only = batch[0] as Pending;
      await this.runFeeds(only.feeds, only.outputs).then((outputs) => settle(only, outputs), only.reject);
      return;
    }
    let outputs: Record<string, OutputValue>;
    try {
      outputs = await this.runFeeds(concatFeeds(batch.map((p) => p.feeds)), batch[0]?.outputs);
    } catch {
      // One bad request must not fail its neighbours: run each alone, each gets its own answer or error.
      await Promise.all(batch.map((p) => this.runFeeds(p.feeds, p.outputs).then((o) => settle(p, o), p.reject)));
      return;
    }
    const parts = splitOutputs(
      outputs,
      batch.map((p) => p.rows),
    );
    if (parts === undefined) {
      this.unsplittable = true;
      await Promise.all(batch.map((p) => this.runFeeds(p.feeds, p.outputs).then((o) => settle(p, o), p.reject)));
      return;
    }
    batch.forEach((p, i) => settle(p, parts[i] as Record<string, OutputValue>));
  }
}

function sameInputs(a: Pending, b: Pending): boolean {
  const names = Object.keys(a.feeds);
  return (
    names.length === Object.keys(b.feeds).length &&
    names.every((name) => {
      const x = a.feeds[name];
      const y = b.feeds[name];
      return (
        x !== undefined &&
        y !== undefined &&
        x.type === y.type &&
        x.dims.length === y.dims.length &&
        x.dims.every((d, k) => k === 0 || d === y.dims[k])
      );
    })
  );
}

/** Concatenates each input along its first dimension. */
export function concatFeeds(all: Array<Record<string, Tensor>>): Record<string, Tensor> {
  const first = all[0] ?? {};
  const merged: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(first)) {
    const parts = all.map((feeds) => feeds[name] as Tensor);
    const rows = parts.reduce((sum, t) => sum + (t.dims[0] ?? 1), 0);
    merged[name] = {
      type: tensor.type,
      dims: [rows, ...tensor.dims.slice(1)],
      data: concatData(parts.map((t) => t.data)),
    };
  }
  return merged;
}

function concatData(parts: TensorData[]): TensorData {
  const first = parts[0];
  if (Array.isArray(first)) {
    return ([] as unknown[]).concat(...(parts as unknown[][])) as TensorData;
  }
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const Typed = (
    first as unknown as { constructor: new (n: number) => { set(a: ArrayLike<unknown>, o: number): void } }
  ).constructor;
  const out = new Typed(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part as ArrayLike<unknown>, offset);
    offset += part.length;
  }
  return out as unknown as TensorData;
}

/** Splits each output by rows; undefined when an output's first dimension is not the batch's rows. */
export function splitOutputs(
  outputs: Record<string, OutputValue>,
  rows: number[],
): Array<Record<string, OutputValue>> | undefined {
  const total = rows.reduce((a, b) => a + b, 0);
  const parts: Array<Record<string, OutputValue>> = rows.map(() => ({}));
  for (const [name, value] of Object.entries(outputs)) {
    if (value.kind === 'map_sequence') {
      if (value.data.length !== total) {
        return undefined;
      }
      let offset = 0;
      rows.forEach((n, i) => {
        (parts[i] as Record<string, OutputValue>)[name] = {
          kind: 'map_sequence',
          data: value.data.slice(offset, offset + n),
        };
        offset += n;
      });
      continue;
    }
    if (value.dims[0] !== total) {
      return undefined;
    }
    const width = value.dims.slice(1).reduce((a, b) => a * b, 1);
    let offset = 0;
    rows.forEach((n, i) => {
      (parts[i] as Record<string, OutputValue>)[name] = {
        kind: 'tensor',
        type: value.type,
        dims: [n, ...value.dims.slice(1)],
        data: (value.data as unknown[]).slice(offset * width, (offset + n) * width) as number[],
      };
      offset += n;
    });
  }
  return parts;
}
