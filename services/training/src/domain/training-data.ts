import { badInput } from '@ferry/contracts';
import { splitTable, TrainerParamError, type Table } from '@ferry/ml';

import type { HoldoutTruth } from './metrics';
import type { Pipeline, Task } from './pipeline';
import type { TrainingData } from './ports';

/**
 * The seeded split of the dataset and the columns the pipeline trains on. The training rows keep only those columns;
 * the holdout keeps every column (a champion may read columns the challenger does not) and, for supervised models,
 * only rows that have a target.
 */
export function prepareData(spec: Pipeline, table: Table, task: Task): TrainingData {
  const target = spec.target;
  try {
    if (target !== null) {
      table.column(target, 'target');
    }
    const features = spec.features ?? table.names.filter((name) => name !== target);
    if (features.length === 0) {
      throw new TrainerParamError('features', 'the dataset has no column besides the target');
    }
    features.forEach((name) => table.column(name, 'features'));
    const split = splitTable(table, { fraction: spec.validation.holdoutFraction, seed: spec.validation.seed });
    const train = split.train.pick(target === null || features.includes(target) ? features : [...features, target]);
    let holdout = split.holdout;
    if (target !== null && task !== 'clustering') {
      const column = holdout.column(target);
      const keep: number[] = [];
      for (let i = 0; i < holdout.rowCount; i++) {
        const value = column.values[i];
        if (column.kind === 'numeric' ? !Number.isNaN(value as number) : value !== null) {
          keep.push(i);
        }
      }
      if (keep.length === 0) {
        throw new TrainerParamError('target', `no holdout row has a value of "${target}"`);
      }
      holdout = keep.length === holdout.rowCount ? holdout : holdout.select(keep);
    }
    return { train, holdout, target, features };
  } catch (error) {
    if (error instanceof TrainerParamError) {
      throw badInput(`the dataset does not fit the pipeline: ${error.message}`, { field: error.parameter });
    }
    throw error;
  }
}

export function truthOf(holdout: Table, target: string | null, task: Task): HoldoutTruth {
  if (target === null || task === 'clustering') {
    return null;
  }
  const column = holdout.column(target);
  if (task === 'regression') {
    if (column.kind !== 'numeric') {
      throw badInput(`regression needs a numeric target, "${target}" is categorical`, { field: 'target' });
    }
    return { kind: 'values', values: column.values };
  }
  return { kind: 'labels', values: Array.from(column.values as ArrayLike<string | number | null>, (v) => String(v)) };
}

/** The classes seen in training, as a classifier without metadata orders them (sorted, numerically when numeric). */
export function classesOf(train: Table, target: string): string[] {
  const column = train.column(target);
  if (column.kind === 'numeric') {
    return [...new Set(column.values)]
      .filter((v) => !Number.isNaN(v))
      .sort((a, b) => a - b)
      .map(String);
  }
  return [...new Set(column.values)].filter((v): v is string => v !== null).sort();
}
