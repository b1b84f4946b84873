import { Random } from './random';

// Read once: global lookups are slow inside Jest's vm context, and these run millions of times.
const { exp, round } = Math;
const toText = String;
const stringify = JSON.stringify;

/** One generated row: undefined is a missing value. */
export interface Row {
  id: number;
  x: number | undefined;
  price: number | undefined;
  city: string | undefined;
  flag: boolean | undefined;
  note: string | undefined;
  code: string;
  empty: undefined;
}

export const COLUMNS = ['id', 'x', 'price', 'city', 'flag', 'note', 'code', 'empty'] as const;
export const CITIES = ['Lyon', 'Paris', 'Nice', 'Saint-Étienne', 'Aix, Provence', 'Le "Havre"', 'Two\nLines', 'Brest'];
const CITY_WEIGHTS = [30, 25, 15, 10, 8, 6, 4, 2];
export const POPULAR_NOTES = Array.from({ length: 20 }, (_, i) => `popular note ${i}`);
const CODES = ['007', '7', '7.0', 'A', 'B-1', ' 7'];
const CSV_MISSING = ['', 'NA', 'N/A', 'null', 'NULL', 'NaN', 'nan', '  '];

/** Rows of a mixed dataset, the same for the same seed: numeric, categorical, boolean and text columns with missing values. */
export function* generateRows(count: number, seed: number): Generator<Row> {
  const random = new Random(seed);
  const totalWeight = CITY_WEIGHTS.reduce((a, b) => a + b, 0);
  for (let id = 0; id < count; id++) {
    let pick = random.next() * totalWeight;
    let city = 0;
    while (pick >= CITY_WEIGHTS[city]!) {
      pick -= CITY_WEIGHTS[city++]!;
    }
    const note = random.next() < 0.3 ? POPULAR_NOTES[random.int(20)]! : `note ${id}-${random.int(1e6)}`;
    yield {
      id,
      x: random.next() < 0.05 ? undefined : random.normal(1e6, 1),
      price: random.next() < 0.01 ? undefined : round(exp(random.normal(3, 1)) * 100) / 100,
      city: random.next() < 0.02 ? undefined : CITIES[city],
      flag: random.next() < 0.1 ? undefined : random.next() < 0.7,
      note: random.next() < 0.05 ? undefined : note,
      code: CODES[random.int(CODES.length)]!,
      empty: undefined,
    };
  }
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV line of a row (CRLF-terminated), missing values spelled in every documented way. */
export function csvLine(row: Row): string {
  const missing = CSV_MISSING[row.id % CSV_MISSING.length]!;
  const flag = row.flag === undefined ? missing : [toText(row.flag), toText(row.flag).toUpperCase()][row.id % 2]!;
  const cells = [
    toText(row.id),
    row.x === undefined ? missing : toText(row.x),
    row.price === undefined ? missing : toText(row.price),
    row.city === undefined ? missing : quote(row.city),
    flag,
    row.note === undefined ? missing : quote(row.note),
    quote(row.code),
    missing,
  ];
  return `${cells.join(',')}\r\n`;
}

export const CSV_HEADER = `${COLUMNS.join(',')}\r\n`;

/** The JSON line of a row: missing values are null or an absent key, alternately. */
export function jsonLine(row: Row): string {
  const record: Record<string, unknown> = {};
  for (const name of COLUMNS) {
    const value = row[name];
    if (value !== undefined) {
      record[name] = value;
    } else if (row.id % 2 === 1 || name === 'empty') {
      record[name] = null;
    }
  }
  return `${stringify(record)}\n`;
}
