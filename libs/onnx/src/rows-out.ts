import { InferenceError, type OutputValue } from './serving-types';
import type { OnnxModelInfo } from './types';

/** One value of an output for one row: a scalar, nested arrays for the rest of the dims, or a ZipMap's map. */
export type RowValue = number | string | boolean | RowValue[] | Record<string, number>;

/**
 * Turns outputs into one object per row, keys in declared order: tensors are sliced along their first dim (a [N]
 * output gives a scalar per row, [N,k] a list of k); ZipMaps give each row its map. A rank-0 output is the same for
 * every row and is repeated in each. Outputs whose first dim differs from the others are not rows: InferenceError.
 */
export function rowsFromOutputs(
  outputs: Record<string, OutputValue>,
  info: OnnxModelInfo,
): Array<Record<string, RowValue>> {
  const names = info.outputs.map((output) => output.name).filter((name) => Object.hasOwn(outputs, name));
  let rows: number | undefined;
  let ruler = '';
  for (const name of names) {
    const value = outputs[name] as OutputValue;
    const count =
      value.kind === 'map_sequence' ? value.data.length : value.dims.length === 0 ? undefined : value.dims[0];
    if (count === undefined) {
      continue;
    }
    if (rows !== undefined && count !== rows) {
      throw new InferenceError(`outputs are not rows: "${ruler}" has ${rows} rows but "${name}" has ${count}`);
    }
    rows = count;
    ruler = name;
  }
  const result: Array<Array<[string, RowValue]>> = Array.from({ length: rows ?? 1 }, () => []);
  for (const name of names) {
    const value = outputs[name] as OutputValue;
    result.forEach((row, r) => row.push([name, rowValue(value, r)]));
  }
  // fromEntries: an output named "__proto__" stays a key.
  return result.map((row) => Object.fromEntries(row));
}

function rowValue(value: OutputValue, row: number): RowValue {
  if (value.kind === 'map_sequence') {
    return value.data[row] as Record<string, number>;
  }
  const data = value.data as Array<number | string | boolean>;
  if (value.dims.length === 0) {
    return data[0] as RowValue;
  }
  const inner = value.dims.slice(1);
  const size = inner.reduce((product, dim) => product * dim, 1);
  return nest(data, row * size, inner);
}

function nest(data: Array<number | string | boolean>, offset: number, dims: number[]): RowValue {
  if (dims.length === 0) {
    return data[offset] as RowValue;
  }
  const [first, ...rest] = dims as [number, ...number[]];
  const size = rest.reduce((product, dim) => product * dim, 1);
  return Array.from({ length: first }, (_, i) => nest(data, offset + i * size, rest));
}
