import { badInput } from '@ferry/contracts';
import { SERVABLE_TYPES } from '@ferry/onnx';
import { MISSING_TOKENS } from '@ferry/statistics';

import type { ModelInput, ServingSignature } from './ports';

/** A model feature and the dataset column that feeds it. */
export interface FeatureColumn {
  feature: string;
  column: string;
  elementType: string | null;
}

/** How dataset records become model input: one matrix input `[N, k]` fed by `columns`, or one input per column. */
export interface FeaturePlan {
  /** The matrix input's name, or null for a model with one input per feature. */
  matrixInput: string | null;
  columns: FeatureColumn[];
}

/** Element types whose CSV cells are read as numbers (every servable type but bool and string). */
const NUMERIC = new Set<string>(SERVABLE_TYPES.filter((t) => t !== 'bool' && t !== 'string'));

/**
 * Which dataset column feeds which model feature: a model with one input per column takes the columns of the
 * same names; a matrix input `[N, k]` takes `features` (k dataset columns, in order), else columns named
 * `<input>[i]`. A column the model needs and the dataset lacks is BAD_USER_INPUT naming it.
 */
export function featureColumns(
  signature: ServingSignature,
  features: string[] | null,
  columns: readonly string[],
): FeaturePlan {
  const matrix = signature.inputs.length === 1 ? matrixWidth(signature.inputs[0]?.shape ?? null) : null;
  const input = signature.inputs[0];
  let plan: FeatureColumn[];
  if (matrix !== null && input !== undefined) {
    const names = Array.from({ length: matrix }, (_, i) => `${input.name}[${i}]`);
    if (features !== null && features.length !== matrix) {
      throw badInput(
        `features: the model's input "${input.name}" takes ${matrix} features, ${features.length} were named`,
      );
    }
    plan = names.map((feature, i) => ({
      feature,
      column: features?.[i] ?? feature,
      elementType: input.elementType,
    }));
  } else {
    if (features !== null) {
      throw badInput('features: only for a model with one matrix input; this one takes one input per feature');
    }
    plan = signature.inputs.map((i) => ({ feature: i.name, column: i.name, elementType: i.elementType }));
  }
  const present = new Set(columns);
  const missing = plan.filter((p) => !present.has(p.column)).map((p) => p.column);
  if (missing.length > 0) {
    throw badInput(
      `the dataset has no column ${missing
        .slice(0, 5)
        .map((m) => JSON.stringify(m))
        .join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''} that the model needs`,
    );
  }
  return { matrixInput: matrix !== null && input !== undefined ? input.name : null, columns: plan };
}

function matrixWidth(shape: Array<number | string | null> | null): number | null {
  const width = shape?.[1];
  return shape?.length === 2 && typeof width === 'number' && width > 1 ? width : null;
}

/**
 * The model's input for dataset records, CSV cells (strings) converted to the input's element type: a matrix
 * input as one flat `{data, shape}` tensor (no object per row), else rows of named features.
 */
export function modelInput(records: Array<Record<string, unknown>>, plan: FeaturePlan): ModelInput {
  if (plan.matrixInput !== null) {
    const width = plan.columns.length;
    const data: unknown[] = new Array(records.length * width);
    records.forEach((record, r) => {
      for (let j = 0; j < width; j++) {
        const { column, elementType } = plan.columns[j] as FeatureColumn;
        data[r * width + j] = convert(record[column], elementType);
      }
    });
    return { kind: 'tensors', tensors: { [plan.matrixInput]: { data, shape: [records.length, width] } } };
  }
  const rows = records.map((record) => {
    const row: Record<string, unknown> = {};
    for (const { feature, column, elementType } of plan.columns) {
      row[feature] = convert(record[column], elementType);
    }
    return row;
  });
  return { kind: 'rows', rows };
}

function convert(value: unknown, elementType: string | null): unknown {
  if (typeof value !== 'string' || elementType === 'string' || elementType === null) {
    return value;
  }
  const trimmed = value.trim();
  if (elementType === 'bool') {
    return trimmed === 'true' || trimmed === '1' ? true : trimmed === 'false' || trimmed === '0' ? false : value;
  }
  if (NUMERIC.has(elementType)) {
    if (MISSING_TOKENS.has(trimmed)) {
      return null;
    }
    const number = Number(trimmed);
    return Number.isNaN(number) ? value : number;
  }
  return value;
}

/**
 * Flattens one row's outputs into named cells: scalars keep the output's name, lists become `<name>[i]`,
 * maps (class probabilities) `<name>[<key>]`; deeper values are JSON text.
 */
export function outputCells(outputs: Record<string, unknown>): Record<string, unknown> {
  const cells: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs)) {
    if (Array.isArray(value)) {
      value.forEach((v, i) => (cells[`${name}[${i}]`] = scalar(v)));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        cells[`${name}[${key}]`] = scalar(v);
      }
    } else {
      cells[name] = scalar(value);
    }
  }
  return cells;
}

function scalar(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return Number(value);
  }
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
}

/** One CSV line (RFC 4180 quoting) of the given cells. */
export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
