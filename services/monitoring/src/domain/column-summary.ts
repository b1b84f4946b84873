import { MISSING_TOKENS, parseNumber, QuantileSketch } from '@ferry/statistics';

/** Raw values kept per column while there are at most this many: enough for an exact K-S against a small reference. */
export const KEPT_VALUES = 1000;
/** Distinct values counted per column; past this a column's category counts are dropped (it is not categorical). */
export const DISTINCT_CAP = 1000;
/** Rank error of the windows' and references' quantile sketches (stated in the README: K-S within 3ε). */
export const SKETCH_EPSILON = 0.001;

/**
 * A bounded summary of one column's values: count, missing, a quantile sketch and moments of the numbers, the
 * first 1000 values, and value counts up to 1000 distinct. Memory does not grow with the number of rows.
 */
export class ColumnSummary {
  count = 0;
  missing = 0;
  /** False once a value that is not a number was seen: the column is compared as categories. */
  numeric = true;
  readonly sketch = new QuantileSketch(SKETCH_EPSILON);
  /** The values themselves while count ≤ KEPT_VALUES (null after). */
  values: number[] | null = [];
  /** Count per value (numbers as their string) while distinct ≤ DISTINCT_CAP (null after). */
  counts: Map<string, number> | null = new Map();
  private numbers = 0;
  private mean = 0;
  private m2 = 0;

  /** Adds one value; CSV cells (strings) that read as numbers count as numbers; missing tokens as missing. */
  add(raw: unknown): void {
    const value = typeof raw === 'string' ? fromText(raw) : raw;
    if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
      this.missing += 1;
      return;
    }
    this.count += 1;
    if (typeof value === 'number' && Number.isFinite(value)) {
      this.addNumber(value);
    } else {
      this.numeric = false;
    }
    if (this.counts !== null) {
      const key = typeof value === 'object' ? JSON.stringify(value) : String(value);
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      if (this.counts.size > DISTINCT_CAP) {
        this.counts = null;
      }
    }
  }

  /** Distinct values seen (DISTINCT_CAP + 1 when past the cap). */
  get distinct(): number {
    return this.counts === null ? DISTINCT_CAP + 1 : this.counts.size;
  }

  /** Population standard deviation (ddof = 0) of the numbers, as Evidently norms Wasserstein by. */
  get populationStd(): number {
    return this.numbers === 0 ? 0 : Math.sqrt(this.m2 / this.numbers);
  }

  private addNumber(x: number): void {
    this.numbers += 1;
    const delta = x - this.mean;
    this.mean += delta / this.numbers;
    this.m2 += delta * (x - this.mean);
    this.sketch.add(x);
    if (this.values !== null) {
      this.values.push(x);
      if (this.values.length > KEPT_VALUES) {
        this.values = null;
      }
    }
  }
}

function fromText(text: string): unknown {
  const trimmed = text.trim();
  if (MISSING_TOKENS.has(trimmed)) {
    return null;
  }
  return parseNumber(trimmed) ?? trimmed;
}

/** Summaries of named columns, created as columns appear. */
export class TableSummary {
  readonly columns = new Map<string, ColumnSummary>();
  rows = 0;

  /** Adds one row of named values. */
  addRow(row: Record<string, unknown>): void {
    this.rows += 1;
    for (const name in row) {
      const value = row[name];
      let column = this.columns.get(name);
      if (column === undefined) {
        column = new ColumnSummary();
        // Rows before this column appeared had it missing.
        column.missing = this.rows - 1;
        this.columns.set(name, column);
      }
      column.add(value);
    }
  }
}
