import { StringDecoder } from 'node:string_decoder';
import {
  CsvParser,
  type DatasetFormat,
  DatasetFormatError,
  detectFormatText,
  JsonlParser,
  MISSING_TOKENS,
  parseNumber,
} from '@ferry/statistics';
import { TrainerParamError } from './errors';
import { type Column, type ColumnKind, Table } from './table';

/** Options of readTable and parseTable. */
export interface ReadTableOptions {
  /** Detected from the start of the text when absent (JSON lines when it opens with `{`, CSV otherwise). */
  format?: DatasetFormat;
  /** Forces the kind of some columns (e.g. a numeric code read as categorical); others are detected. */
  types?: Readonly<Record<string, ColumnKind>>;
}

/** Bytes or text in memory, a Node stream, or any async iterable of chunks. */
export type TableSource = Uint8Array | string | NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;

/** Reads a CSV (with a header row) or JSON-lines dataset into a Table; see the README for types and missing values. */
export async function readTable(source: TableSource, options: ReadTableOptions = {}): Promise<Table> {
  if (typeof source === 'string' || source instanceof Uint8Array) {
    return parseTable(source, options);
  }
  const reader = new TableReader(options);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    reader.push(typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk)));
  }
  reader.push(decoder.end());
  return reader.end();
}

/** Parses a whole CSV or JSON-lines dataset held in memory; the synchronous form of readTable. */
export function parseTable(source: Uint8Array | string, options: ReadTableOptions = {}): Table {
  const reader = new TableReader(options);
  reader.push(typeof source === 'string' ? source : new StringDecoder('utf8').end(Buffer.from(source)));
  return reader.end();
}

/** Cells of one column as read; the kind is decided once every row is in. */
class ColumnCollector {
  readonly texts: Array<string | null> = [];
  readonly numbers: number[] = [];
  numeric = true;
  present = 0;
  firstNonNumber: string | undefined;

  constructor(readonly name: string) {}

  /** Pads with missing values up to `rows` (JSON lines: a key absent from earlier records). */
  fill(rows: number): void {
    while (this.texts.length < rows) {
      this.texts.push(null);
      this.numbers.push(Number.NaN);
    }
  }

  addCsv(raw: string): void {
    const trimmed = raw.trim();
    if (MISSING_TOKENS.has(trimmed)) {
      this.addMissing();
      return;
    }
    this.present++;
    this.texts.push(raw);
    this.addNumber(parseNumber(trimmed), raw);
  }

  addJson(value: unknown): void {
    if (value === null || value === undefined || value === '') {
      this.addMissing();
      return;
    }
    this.present++;
    const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    this.texts.push(text);
    this.addNumber(typeof value === 'number' && Number.isFinite(value) ? value : undefined, text);
  }

  toColumn(forced: ColumnKind | undefined): Column {
    const kind = forced ?? (this.numeric && this.present > 0 ? 'numeric' : 'categorical');
    if (kind === 'categorical') {
      return { name: this.name, kind, values: this.texts };
    }
    if (!this.numeric) {
      throw new TrainerParamError(
        'types',
        `column "${this.name}" is not numeric: it has the value "${this.firstNonNumber}"`,
      );
    }
    return { name: this.name, kind, values: Float64Array.from(this.numbers) };
  }

  private addMissing(): void {
    this.texts.push(null);
    this.numbers.push(Number.NaN);
  }

  private addNumber(x: number | undefined, text: string): void {
    if (x === undefined) {
      if (this.numeric) {
        this.numeric = false;
        this.firstNonNumber = text;
      }
      this.numbers.push(Number.NaN);
    } else {
      this.numbers.push(x);
    }
  }
}

/** Feeds text to the right parser and collects the cells column by column. */
class TableReader {
  private parser: CsvParser | JsonlParser | undefined;
  private head = '';
  private started = false;
  private readonly columns: ColumnCollector[] = [];
  private readonly byName = new Map<string, ColumnCollector>();
  private header: string[] | undefined;
  private rows = 0;

  constructor(private readonly options: ReadTableOptions) {}

  push(text: string): void {
    if (!this.started) {
      if (text === '') {
        return;
      }
      this.started = true;
      text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
    if (this.parser === undefined) {
      this.head += text;
      if (this.options.format === undefined && this.head.length < 4096) {
        return;
      }
      this.parser = this.createParser(this.options.format ?? detect(this.head));
      text = this.head;
      this.head = '';
    }
    this.parser.push(text);
  }

  end(): Table {
    if (this.parser === undefined) {
      this.parser = this.createParser(this.options.format ?? detect(this.head));
      this.parser.push(this.head);
    }
    this.parser.end();
    if (this.rows === 0) {
      throw new DatasetFormatError('no rows: the dataset has no data rows');
    }
    for (const name of Object.keys(this.options.types ?? {})) {
      if (!this.byName.has(name)) {
        throw new TrainerParamError('types', `no column named "${name}"`);
      }
    }
    return new Table(
      this.columns.map((column) => {
        column.fill(this.rows);
        return column.toColumn(this.options.types?.[column.name]);
      }),
      this.rows,
    );
  }

  private createParser(format: DatasetFormat): CsvParser | JsonlParser {
    if (format === 'jsonl') {
      return new JsonlParser((record) => this.addRecord(record));
    }
    const parser = new CsvParser((fields, line) => {
      if (this.header === undefined) {
        this.header = fields.map((field, index) => (field === '' ? `Unnamed: ${index}` : field));
        parser.columnNames = this.header;
        for (const name of this.header) {
          if (this.byName.has(name)) {
            throw new DatasetFormatError('duplicate column name in the header', { line, column: name });
          }
          this.collector(name);
        }
        return;
      }
      if (fields.length !== this.columns.length) {
        throw new DatasetFormatError(
          `expected ${this.columns.length} fields as in the header, found ${fields.length}`,
          {
            line,
          },
        );
      }
      for (let i = 0; i < fields.length; i++) {
        this.columns[i]!.addCsv(fields[i]!);
      }
      this.rows++;
    });
    return parser;
  }

  private addRecord(record: Record<string, unknown>): void {
    for (const name of Object.keys(record)) {
      this.collector(name);
    }
    for (const column of this.columns) {
      column.addJson(record[column.name]);
    }
    this.rows++;
  }

  private collector(name: string): ColumnCollector {
    let column = this.byName.get(name);
    if (column === undefined) {
      column = new ColumnCollector(name);
      column.fill(this.rows);
      this.byName.set(name, column);
      this.columns.push(column);
    }
    return column;
  }
}

function detect(head: string): DatasetFormat {
  const format = detectFormatText(head);
  if (format === undefined) {
    throw new DatasetFormatError(
      head.trim() === ''
        ? 'no rows: the dataset is empty'
        : 'unknown format: expected CSV with a header row or JSON lines (one object per line)',
    );
  }
  return format;
}
