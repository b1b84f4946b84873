import { TrainerParamError } from './errors';

/** The two kinds of columns a Table holds. */
export const ColumnKind = {
  NUMERIC: 'numeric',
  CATEGORICAL: 'categorical',
} as const;
export type ColumnKind = (typeof ColumnKind)[keyof typeof ColumnKind];

/** A numeric column: NaN marks a missing value. */
export interface NumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  readonly values: Float64Array;
}

/** A categorical column: null marks a missing value (an empty string is missing too, and is stored as null). */
export interface CategoricalColumn {
  readonly name: string;
  readonly kind: 'categorical';
  readonly values: ReadonlyArray<string | null>;
}

export type Column = NumericColumn | CategoricalColumn;

/** What Table.fromColumns accepts per column: numbers (null/NaN missing) or strings (null/'' missing). */
export type ColumnData = Float64Array | ReadonlyArray<number | null> | ReadonlyArray<string | null>;

/** Tabular data in memory, column by column; immutable once built. */
export class Table {
  readonly rowCount: number;
  readonly columns: readonly Column[];
  private readonly byName: ReadonlyMap<string, Column>;

  constructor(columns: readonly Column[], rowCount?: number) {
    const count = rowCount ?? columns[0]?.values.length ?? 0;
    const byName = new Map<string, Column>();
    for (const column of columns) {
      if (byName.has(column.name)) {
        throw new TrainerParamError('table', `duplicate column "${column.name}"`);
      }
      if (column.values.length !== count) {
        throw new TrainerParamError(
          'table',
          `column "${column.name}" has ${column.values.length} values, expected ${count}`,
        );
      }
      byName.set(column.name, column);
    }
    this.rowCount = count;
    this.columns = columns;
    this.byName = byName;
  }

  /** Builds a table from plain arrays: number arrays become numeric columns, string (or all-null) arrays categorical. */
  static fromColumns(data: Readonly<Record<string, ColumnData>>): Table {
    return new Table(Object.entries(data).map(([name, values]) => columnFrom(name, values)));
  }

  /** The column names in order. */
  get names(): string[] {
    return this.columns.map((column) => column.name);
  }

  /** Whether the table has a column of that name. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The column of that name; TrainerParamError (naming `parameter`) when there is none. */
  column(name: string, parameter = 'column'): Column {
    const column = this.byName.get(name);
    if (column === undefined) {
      throw new TrainerParamError(parameter, `no column named "${name}" (columns: ${this.names.join(', ')})`);
    }
    return column;
  }

  /** A table of the given rows, in the given order (indices may repeat). */
  select(rows: ArrayLike<number>): Table {
    return new Table(
      this.columns.map((column) => selectRows(column, rows)),
      rows.length,
    );
  }

  /** A table of the given columns, in the given order. */
  pick(names: readonly string[]): Table {
    return new Table(
      names.map((name) => this.column(name)),
      this.rowCount,
    );
  }
}

function selectRows(column: Column, rows: ArrayLike<number>): Column {
  const n = rows.length;
  if (column.kind === 'numeric') {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = column.values[rows[i]!]!;
    }
    return { name: column.name, kind: 'numeric', values };
  }
  const values = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    values[i] = column.values[rows[i]!] ?? null;
  }
  return { name: column.name, kind: 'categorical', values };
}

function columnFrom(name: string, data: ColumnData): Column {
  if (data instanceof Float64Array) {
    return { name, kind: 'numeric', values: data };
  }
  const list = data as ReadonlyArray<number | string | null>;
  // As readTable: numeric when every value present is a number and there is one; a column of nulls is categorical.
  const numeric = list.some((value) => typeof value === 'number') && !list.some((value) => typeof value === 'string');
  if (!numeric) {
    const values = list.map((value) => (value === null || value === '' ? null : String(value)));
    return { name, kind: 'categorical', values };
  }
  const values = Float64Array.from(list, (value) => (value === null ? Number.NaN : Number(value)));
  return { name, kind: 'numeric', values };
}
