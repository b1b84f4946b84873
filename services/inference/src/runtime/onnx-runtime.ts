import { ErrorCode, FerryError } from '@ferry/contracts';
import {
  InferenceError,
  InputError,
  InvalidOnnxError,
  OnnxModel,
  rowsFromOutputs,
  tensorsFromNamed,
  tensorsFromRows,
  tensorsFromV2,
  type InputLimits,
  tensorSpecOf,
  type Tensor,
} from '@ferry/onnx';

import type {
  ModelInput,
  ModelOutput,
  ModelRuntime,
  ModelVersionRef,
  RunOptions,
  ServableModel,
  ServingSignature,
} from '../domain/ports';
import { Batcher } from './batching';
import { featureRows } from './feature-rows';

export interface RuntimeOptions {
  intraOpNumThreads: number;
  limits: InputLimits;
}

/** ONNX Runtime sessions behind the domain's ServableModel: input validated, errors mapped to FerryErrors. */
export class OnnxRuntime implements ModelRuntime {
  constructor(private readonly options: RuntimeOptions) {}

  async load(bytes: Uint8Array, ref: ModelVersionRef): Promise<ServableModel> {
    try {
      return new OnnxServable(
        await OnnxModel.load(bytes, { intraOpNumThreads: this.options.intraOpNumThreads }),
        this.options.limits,
      );
    } catch (error) {
      if (error instanceof InvalidOnnxError || error instanceof InferenceError) {
        throw new FerryError(ErrorCode.INVALID_ARTIFACT, `${ref.modelName} version ${ref.version}: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}

class OnnxServable implements ServableModel {
  readonly signature: ServingSignature;
  /** Present when every input's first dimension is dynamic: then concurrent requests share runs. */
  private readonly batcher: Batcher | undefined;

  constructor(
    private readonly model: OnnxModel,
    private readonly limits: InputLimits,
  ) {
    this.signature = { inputs: model.info.inputs.map(tensorSpecOf), outputs: model.info.outputs.map(tensorSpecOf) };
    const batchable = model.info.inputs.every(
      (input) =>
        input.type.kind === 'tensor' &&
        input.type.shape !== null &&
        input.type.shape.length > 0 &&
        typeof input.type.shape[0] !== 'number',
    );
    this.batcher = batchable ? new Batcher((feeds, outputs) => this.model.run(feeds, { outputs })) : undefined;
  }

  async run(input: ModelInput, options: RunOptions = {}): Promise<ModelOutput> {
    const feeds = this.feeds(input);
    const first = Object.values(feeds)[0];
    const rows = first === undefined || first.dims.length === 0 ? 1 : (first.dims[0] ?? 1);
    let outputs;
    let batch = { requests: 1, rows, queueMs: 0 };
    try {
      if (this.batcher !== undefined && (options.maxBatchSize ?? 1) > 1) {
        const batched = await this.batcher.submit(feeds, rows, options.outputs, options.maxBatchSize ?? 1);
        outputs = batched.outputs;
        batch = { requests: batched.batchRequests, rows: batched.batchRows, queueMs: batched.queueMs };
      } else {
        outputs = await this.model.run(feeds, { outputs: options.outputs });
      }
    } catch (error) {
      throw mapError(error);
    }
    return {
      rows,
      outputs,
      perRow: rowsFromOutputs(outputs, this.model.info),
      inputRows: () => featureRows(feeds, rows),
      batch,
    };
  }

  warmUp(): Promise<void> {
    return this.model.warmUp();
  }

  release(): Promise<void> {
    return this.model.release();
  }

  private feeds(input: ModelInput): Record<string, Tensor> {
    try {
      switch (input.kind) {
        case 'rows':
          return tensorsFromRows(input.rows, this.model.info, this.limits);
        case 'tensors':
          return tensorsFromNamed(input.tensors, this.model.info, this.limits);
        case 'v2':
          return tensorsFromV2(input.inputs, this.model.info, this.limits);
      }
    } catch (error) {
      throw mapError(error);
    }
  }
}

/** Bad input names the input; an ONNX Runtime failure on validated input is still the request's problem. */
function mapError(error: unknown): unknown {
  if (error instanceof InputError) {
    return new FerryError(ErrorCode.BAD_USER_INPUT, error.message, { details: { input: error.input } });
  }
  if (error instanceof InferenceError) {
    return new FerryError(ErrorCode.BAD_USER_INPUT, `ONNX Runtime refused the request: ${error.message}`, {
      cause: error,
    });
  }
  return error;
}
