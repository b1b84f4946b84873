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
  ServableModel,
  ServingSignature,
} from '../domain/ports';

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

  constructor(
    private readonly model: OnnxModel,
    private readonly limits: InputLimits,
  ) {
    this.signature = { inputs: model.info.inputs.map(tensorSpecOf), outputs: model.info.outputs.map(tensorSpecOf) };
  }

  async run(input: ModelInput, options: { outputs?: string[] } = {}): Promise<ModelOutput> {
    const feeds = this.feeds(input);
    let outputs;
    try {
      outputs = await this.model.run(feeds, { outputs: options.outputs });
    } catch (error) {
      throw mapError(error);
    }
    const first = Object.values(feeds)[0];
    const rows = first === undefined || first.dims.length === 0 ? 1 : (first.dims[0] ?? 1);
    return { rows, outputs, perRow: rowsFromOutputs(outputs, this.model.info) };
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
