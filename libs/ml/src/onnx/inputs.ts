import { TrainerParamError } from '../errors';
import type { FeatureSpec } from '../prepare';
import type { Table } from '../table';

/** One graph input as plain data: wrap it in ONNX Runtime's Tensor(type, data, dims) to run the model. */
export type OnnxInput =
  { type: 'float32'; data: Float32Array; dims: [number, 1] } | { type: 'string'; data: string[]; dims: [number, 1] };

/**
 * The inputs an exported model takes for the rows of a table: one [N, 1] tensor per raw feature column, numeric as
 * float32 with NaN for missing, categorical as strings with "" for missing (numbers in a categorical input as their
 * text). Columns the model does not use are ignored.
 */
export function onnxInputs(table: Table, features: readonly FeatureSpec[]): Record<string, OnnxInput> {
  const n = table.rowCount;
  const inputs: Record<string, OnnxInput> = {};
  for (const feature of features) {
    const column = table.column(feature.name, 'features');
    if (feature.kind === 'numeric') {
      if (column.kind !== 'numeric') {
        throw new TrainerParamError(
          'features',
          `column "${feature.name}" must be numeric for the model, it is categorical`,
        );
      }
      inputs[feature.name] = { type: 'float32', data: Float32Array.from(column.values), dims: [n, 1] };
    } else if (column.kind === 'categorical') {
      inputs[feature.name] = { type: 'string', data: column.values.map((value) => value ?? ''), dims: [n, 1] };
    } else {
      const data = Array.from(column.values, (x) => (Number.isNaN(x) ? '' : String(x)));
      inputs[feature.name] = { type: 'string', data, dims: [n, 1] };
    }
  }
  return inputs;
}
