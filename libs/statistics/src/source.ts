import { StringDecoder } from 'node:string_decoder';
import { CsvParser } from './csv';
import { detectFormatText } from './detect';
import { DatasetFormatError } from './errors';
import { JsonlParser } from './jsonl';
import type { DatasetFormat, DatasetSource } from './types';

/** How many characters are read before the format is guessed, when the caller does not give it. */
const DETECTION_CHARS = 4096;

/** What a pass does with the records; rows reach it already checked against the header. */
export interface RecordVisitor {
  /** CSV only: the column names, once, before any row. */
  header(names: readonly string[]): void;
  csvRow(fields: readonly string[], line: number): void;
  jsonRecord(record: Record<string, unknown>, line: number): void;
}

interface Parser {
  push(text: string): void;
  end(): void;
}

/** Reads one pass over the dataset, decoding UTF-8 across chunk boundaries and dropping a BOM; returns the format. */
export async function readDataset(
  open: DatasetSource,
  format: DatasetFormat | undefined,
  visitor: RecordVisitor,
  /** Awaited after each chunk's records have been visited, before the next chunk is read (backpressure). */
  afterChunk?: () => Promise<void>,
): Promise<DatasetFormat> {
  const decoder = new StringDecoder('utf8');
  let started = false;
  let head = '';
  let parser: Parser | undefined;
  let chosen = format;
  const start = (kind: DatasetFormat, text: string): Parser => {
    const created = createParser(kind, visitor);
    created.push(text);
    return created;
  };
  const feed = (text: string): void => {
    if (!started) {
      if (text === '') {
        return;
      }
      started = true;
      text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
    if (parser === undefined) {
      if (chosen === undefined) {
        head += text;
        if (head.length < DETECTION_CHARS) {
          return;
        }
        chosen = detect(head);
        text = head;
        head = '';
      }
      parser = start(chosen, text);
      return;
    }
    parser.push(text);
  };
  for await (const chunk of open()) {
    feed(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    await afterChunk?.();
  }
  feed(decoder.end());
  const resolved = chosen ?? detect(head);
  (parser ?? start(resolved, head)).end();
  await afterChunk?.();
  return resolved;
}

function detect(head: string): DatasetFormat {
  if (head.trim() === '') {
    throw new DatasetFormatError('no rows: the dataset is empty');
  }
  const format = detectFormatText(head);
  if (format === undefined) {
    throw new DatasetFormatError('unknown format: expected CSV with a header row or JSON lines (one object per line)');
  }
  return format;
}

function createParser(format: DatasetFormat, visitor: RecordVisitor): Parser {
  if (format === 'jsonl') {
    return new JsonlParser((record, line) => visitor.jsonRecord(record, line));
  }
  let header: string[] | undefined;
  const parser = new CsvParser((fields, line) => {
    if (header === undefined) {
      header = headerNames(fields, line);
      parser.columnNames = header;
      visitor.header(header);
      return;
    }
    if (fields.length !== header.length) {
      throw new DatasetFormatError(`expected ${header.length} fields as in the header, found ${fields.length}`, {
        line,
      });
    }
    visitor.csvRow(fields, line);
  });
  return parser;
}

// Empty names get pandas' "Unnamed: <index>" (an exported index column has one); duplicates cannot be told apart.
function headerNames(fields: string[], line: number): string[] {
  const seen = new Set<string>();
  return fields.map((field, index) => {
    const name = field === '' ? `Unnamed: ${index}` : field;
    if (seen.has(name)) {
      throw new DatasetFormatError('duplicate column name in the header', { line, column: name });
    }
    seen.add(name);
    return name;
  });
}

/** A batch of records in file order: CSV rows as objects of raw cell strings keyed by the header, JSON lines as parsed. */
export type RecordBatchHandler = (records: Array<Record<string, unknown>>, columns: readonly string[]) => Promise<void>;

/**
 * Reads a dataset's records in order and hands them over in batches of at most `batchRows`, awaiting each handler
 * before reading on: memory holds one chunk's records, whatever the file's size. Returns the format.
 */
export async function forEachRecordBatch(
  open: DatasetSource,
  options: { format?: DatasetFormat; batchRows: number },
  onBatch: RecordBatchHandler,
): Promise<DatasetFormat> {
  let columns: readonly string[] = [];
  const known = new Set<string>();
  let pending: Array<Record<string, unknown>> = [];
  const visitor: RecordVisitor = {
    header: (names) => {
      columns = names;
    },
    csvRow: (fields) => {
      const record: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) {
        record[columns[i] as string] = fields[i];
      }
      pending.push(record);
    },
    jsonRecord: (record) => {
      for (const key of Object.keys(record)) {
        if (!known.has(key)) {
          known.add(key);
          columns = [...columns, key];
        }
      }
      pending.push(record);
    },
  };
  const flush = async (): Promise<void> => {
    const records = pending;
    pending = [];
    for (let start = 0; start < records.length; start += options.batchRows) {
      await onBatch(records.slice(start, start + options.batchRows), columns);
    }
  };
  return readDataset(open, options.format, visitor, flush);
}
