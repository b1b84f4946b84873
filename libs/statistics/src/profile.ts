import { ColumnStats, type ProfileLimits } from './column';
import { DatasetFormatError } from './errors';
import { readDataset, type RecordVisitor } from './source';
import type { DatasetProfile, DatasetSource, ProfileOptions } from './types';

/** The limits every profile uses; the README states them. */
export const PROFILE_LIMITS: Readonly<ProfileLimits> = {
  distinctCap: 1000,
  topValues: 100,
  categoricalMaxDistinct: 50,
  categoricalRatio: 0.5,
  epsilon: 0.001,
};

/** Datasets with at most this many rows keep their numeric values in the profile (monitoring's exact K-S). */
export const SMALL_DATASET_ROWS = 1000;

const PROGRESS_EVERY = 10_000;
// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and this runs per value.
const hasOwn = Object.hasOwn;
// JSON lines may bring a new key on every line: past this, memory would grow with the rows.
const MAX_COLUMNS = 10_000;

/**
 * Profiles a dataset streaming, in memory independent of its row count: pass 1 infers the schema and computes
 * counts, moments, min/max, quantile sketches and value counts; pass 2 (a second `open()`, skipped for datasets
 * of at most 1000 rows and when nothing needs it) fills the histograms between the final min and max.
 */
export async function profileDataset(open: DatasetSource, options: ProfileOptions = {}): Promise<DatasetProfile> {
  const bins = options.histogramBins ?? 20;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(`histogramBins must be a positive integer, got ${bins}`);
  }
  const first = new FirstPass(options.onProgress);
  const format = await readDataset(open, options.format, first);
  const rowCount = first.rowCount;
  if (rowCount === 0) {
    throw new DatasetFormatError(
      first.sawHeader ? 'no rows: the file has a header only' : 'no rows: the dataset is empty',
    );
  }
  const columns = first.columns;
  const again = columns.map((column) => column.endFirstPass(bins));
  if (again.some(Boolean)) {
    const second = new SecondPass(columns, again, options.onProgress);
    await readDataset(open, format, second);
    if (second.rowCount !== rowCount) {
      throw new DatasetFormatError(
        `the dataset changed between the two passes: ${rowCount} rows, then ${second.rowCount}`,
      );
    }
  }
  return { format, rowCount, columns: columns.map((column) => column.profile(rowCount, bins)) };
}

class FirstPass implements RecordVisitor {
  rowCount = 0;
  sawHeader = false;
  readonly columns: ColumnStats[] = [];
  private readonly byName = new Map<string, ColumnStats>();

  constructor(private readonly onProgress: ProfileOptions['onProgress']) {}

  header(names: readonly string[]): void {
    this.sawHeader = true;
    for (const name of names) {
      this.columns.push(new ColumnStats(name, PROFILE_LIMITS));
    }
  }

  csvRow(fields: readonly string[]): void {
    const columns = this.columns;
    for (let i = 0; i < columns.length; i++) {
      columns[i]!.addText(fields[i]!);
    }
    this.endRow();
  }

  jsonRecord(record: Record<string, unknown>, line: number): void {
    for (const key in record) {
      let column = this.byName.get(key);
      if (column === undefined) {
        column = this.addColumn(key, line);
      }
      column.addJson(record[key]);
    }
    this.endRow();
  }

  // Columns are the union of keys in order of first appearance; earlier rows count as missing for them.
  private addColumn(name: string, line: number): ColumnStats {
    if (this.columns.length === MAX_COLUMNS) {
      throw new DatasetFormatError(`more than ${MAX_COLUMNS} distinct keys`, { line, column: name });
    }
    const column = new ColumnStats(name, PROFILE_LIMITS);
    if (this.rowCount >= SMALL_DATASET_ROWS) {
      column.dropValues();
    }
    this.columns.push(column);
    this.byName.set(name, column);
    return column;
  }

  private endRow(): void {
    this.rowCount++;
    if (this.rowCount === SMALL_DATASET_ROWS + 1) {
      for (const column of this.columns) {
        column.dropValues();
      }
    }
    if (this.rowCount % PROGRESS_EVERY === 0) {
      this.onProgress?.(this.rowCount, 1);
    }
  }
}

class SecondPass implements RecordVisitor {
  rowCount = 0;
  // Indexes of the columns pass 2 feeds; the others are finished.
  private readonly active: number[] = [];

  constructor(
    private readonly columns: readonly ColumnStats[],
    again: readonly boolean[],
    private readonly onProgress: ProfileOptions['onProgress'],
  ) {
    again.forEach((needed, i) => {
      if (needed) {
        this.active.push(i);
      }
    });
  }

  header(names: readonly string[]): void {
    if (names.length !== this.columns.length || names.some((name, i) => name !== this.columns[i]!.name)) {
      throw new DatasetFormatError('the dataset changed between the two passes: the header differs', { line: 1 });
    }
  }

  csvRow(fields: readonly string[], line: number): void {
    for (const i of this.active) {
      const column = this.columns[i]!;
      if (!column.addTextAgain(fields[i]!)) {
        throw changed(line, column.name);
      }
    }
    this.endRow();
  }

  jsonRecord(record: Record<string, unknown>, line: number): void {
    for (const i of this.active) {
      const column = this.columns[i]!;
      // hasOwn: a record without "__proto__" would otherwise read Object.prototype.
      if (!column.addJsonAgain(hasOwn(record, column.name) ? record[column.name] : undefined)) {
        throw changed(line, column.name);
      }
    }
    this.endRow();
  }

  private endRow(): void {
    this.rowCount++;
    if (this.rowCount % PROGRESS_EVERY === 0) {
      this.onProgress?.(this.rowCount, 2);
    }
  }
}

function changed(line: number, column: string): DatasetFormatError {
  return new DatasetFormatError('the dataset changed between the two passes: value out of the first pass range', {
    line,
    column,
  });
}
