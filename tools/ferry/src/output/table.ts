/** A column of a table: its heading and how to show one row's cell. */
export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
  /** Right-align (numbers). */
  right?: boolean;
}

/** Plain aligned columns, like `kubectl get` or `docker ps`: headings in capitals, two spaces between columns. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((column) => cell(column.value(row))));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]): string =>
    values
      .map((value, i) => (columns[i]!.right === true ? value.padStart(widths[i]!) : value.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header.toUpperCase())), ...cells.map(line)].join('\n');
}

/** `key: value` lines with the keys aligned, for one object (`show` commands). */
export function renderFields(fields: readonly [string, unknown][]): string {
  const width = Math.max(...fields.map(([key]) => key.length));
  return fields.map(([key, value]) => `${`${key}:`.padEnd(width + 2)}${cell(value)}`).join('\n');
}

/** One cell: numbers rounded for reading, dates as `YYYY-MM-DD HH:MM:SS`, nothing as `-`. */
export function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') {
    return '-';
  }
  if (typeof value === 'number') {
    return formatNumber(value);
  }
  if (value instanceof Date) {
    return value.toISOString().replace('T', ' ').slice(0, 19);
  }
  if (typeof value === 'string') {
    return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) ? value.replace('T', ' ').slice(0, 19) : value;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? '-' : value.map(cell).join(', ');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? '-' : entries.map(([key, inner]) => `${key}=${cell(inner)}`).join(' ');
  }
  return String(value);
}

/** Integers as they are; other numbers with 4 significant digits (small ones in exponent form). */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) {
    return String(value);
  }
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) {
    return value.toExponential(3);
  }
  return String(Number(value.toPrecision(4)));
}
