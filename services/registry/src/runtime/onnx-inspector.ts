import { ErrorCode, FerryError } from '@ferry/contracts';
import { checkOnnxRuntimeLoads, InvalidOnnxError, readOnnxModel, tensorSpecOf } from '@ferry/onnx';

import type { InspectedModel, ModelInspector } from '../domain/model-versions';

type LoadResult = { ok: true } | { ok: false; reason: string };

/**
 * Reads ONNX files with the protobuf reader and checks them with ONNX Runtime: at most `concurrency`
 * sessions at a time, and each artifact checked once (a hundred registrations of the same bytes load it
 * once).
 */
export class OnnxInspector implements ModelInspector {
  private readonly checks = new Map<string, Promise<LoadResult>>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly concurrency = 2) {}

  inspect(bytes: Uint8Array): InspectedModel {
    try {
      const info = readOnnxModel(bytes);
      return {
        signature: { inputs: info.inputs.map(tensorSpecOf), outputs: info.outputs.map(tensorSpecOf) },
        opsetImports: info.opsetImports,
        irVersion: info.irVersion,
        producerName: info.producerName,
        producerVersion: info.producerVersion,
      };
    } catch (error) {
      if (error instanceof InvalidOnnxError) {
        const message = error.message.startsWith('not an ONNX model')
          ? error.message
          : `not an ONNX model: ${error.message}`;
        throw new FerryError(ErrorCode.INVALID_ARTIFACT, message, { cause: error });
      }
      throw error;
    }
  }

  loads(bytes: Uint8Array, sha256: string): Promise<LoadResult> {
    let check = this.checks.get(sha256);
    if (check === undefined) {
      check = this.limited(async () => {
        const result = await checkOnnxRuntimeLoads(bytes, { intraOpNumThreads: 1 });
        return result.ok ? { ok: true as const } : { ok: false as const, reason: result.reason };
      });
      this.checks.set(sha256, check);
      // Keep the memo small: it only needs to cover a burst of registrations of the same bytes.
      void check.finally(() => setTimeout(() => this.checks.delete(sha256), 60_000).unref());
    }
    return check;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
