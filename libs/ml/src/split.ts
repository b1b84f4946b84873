import { TrainerParamError } from './errors';
import { Random } from './random';
import type { Table } from './table';

/** Options of splitTable. */
export interface SplitOptions {
  /** Fraction of the rows held out, in (0, 1); 0.2 by default. */
  fraction?: number;
  /** Seed of the shuffle; 0 by default. */
  seed?: number;
}

/** The two parts of a split, rows in their original order within each. */
export interface TableSplit {
  train: Table;
  holdout: Table;
  /** Row indices of the original table in each part. */
  trainRows: Int32Array;
  holdoutRows: Int32Array;
}

/**
 * Splits rows at random into a training part and a holdout part of round(fraction · rows) rows (at least one each,
 * so a table needs two rows); the same seed always gives the same split.
 */
export function splitTable(table: Table, options: SplitOptions = {}): TableSplit {
  const fraction = options.fraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1)) {
    throw new TrainerParamError('fraction', `must be between 0 and 1 (exclusive), got ${fraction}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) {
    throw new TrainerParamError('seed', `must be an integer, got ${seed}`);
  }
  const n = table.rowCount;
  if (n < 2) {
    throw new TrainerParamError('table', `a split needs at least 2 rows, got ${n}`);
  }
  const holdoutCount = Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
  const order = new Random(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const holdoutRows = order.slice(0, holdoutCount).sort();
  const trainRows = order.slice(holdoutCount).sort();
  return { train: table.select(trainRows), holdout: table.select(holdoutRows), trainRows, holdoutRows };
}
