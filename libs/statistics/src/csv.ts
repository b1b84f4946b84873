import { DatasetFormatError } from './errors';

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

const enum State {
  RowStart,
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/** Longest row accepted by default, in characters: past it memory would grow with the file (a stray quote). */
export const MAX_ROW_CHARS = 64 * 1024 * 1024;

/** Receives each record with the 1-based line it starts on; the header is the first record. */
export type CsvRowHandler = (fields: string[], line: number) => void;

/**
 * Streaming RFC 4180 parser: comma separator, double-quoted fields with "" escapes and embedded commas and
 * line breaks, CRLF, LF or CR line ends. Text is pushed in chunks of any size: a chunk may end inside a quoted
 * field, an escape or a CRLF, so all state lives in the fields below. Lines with no characters are skipped.
 * A quote inside an unquoted field is kept as a character (lenient, as most writers expect); anything but a
 * separator or line end after a closing quote is an error.
 */
export class CsvParser {
  private state = State.RowStart;
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private rowLine = 1;
  private quoteLine = 1;
  // A CR ended the last row: an LF right after it belongs to the same line end, even in the next chunk.
  private skipLf = false;
  // Rows ended so far, and characters of the current row counted at chunk ends (approximately, which is enough).
  private rows = 0;
  private rowChars = 0;

  /** Set once the header is known, so that errors name the column. */
  columnNames: readonly string[] | undefined;

  constructor(
    private readonly onRow: CsvRowHandler,
    private readonly maxRowChars = MAX_ROW_CHARS,
  ) {}

  /** Parses one chunk of text (already decoded, BOM removed). */
  push(text: string): void {
    const length = text.length;
    let i = 0;
    if (this.skipLf && length > 0) {
      this.skipLf = false;
      if (text.charCodeAt(0) === LF) {
        i = 1;
      }
    }
    let start = i; // start of the pending segment of the current field in this chunk
    const rowsBefore = this.rows;
    while (i < length) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case State.RowStart:
        case State.FieldStart:
          if (c === QUOTE) {
            this.startRow();
            this.state = State.Quoted;
            this.quoteLine = this.line;
            start = i + 1;
          } else if (c === COMMA) {
            this.startRow();
            this.fields.push('');
            this.state = State.FieldStart;
          } else if (c === LF || c === CR) {
            if (this.state === State.FieldStart) {
              this.fields.push('');
              this.endRow();
            }
            i = this.lineBreak(text, i);
            start = i + 1;
          } else {
            this.startRow();
            this.state = State.Unquoted;
            start = i;
          }
          break;
        case State.Unquoted:
          if (c === COMMA) {
            this.fields.push(this.field + text.slice(start, i));
            this.field = '';
            this.state = State.FieldStart;
          } else if (c === LF || c === CR) {
            this.fields.push(this.field + text.slice(start, i));
            this.field = '';
            this.endRow();
            i = this.lineBreak(text, i);
            start = i + 1;
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            this.field += text.slice(start, i);
            this.state = State.QuoteInQuoted;
          } else if (c === LF) {
            this.line++;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.state = State.Quoted; // "" is an escaped quote: the second one starts the next segment
            start = i;
          } else if (c === COMMA) {
            this.fields.push(this.field);
            this.field = '';
            this.state = State.FieldStart;
          } else if (c === LF || c === CR) {
            this.fields.push(this.field);
            this.field = '';
            this.endRow();
            i = this.lineBreak(text, i);
            start = i + 1;
          } else {
            throw this.error(`unexpected character ${JSON.stringify(text[i])} after a closing quote`, this.line);
          }
          break;
      }
      i++;
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) {
      this.field += text.slice(start, length);
    }
    this.rowChars = this.rows === rowsBefore ? this.rowChars + length : 0;
    if (this.rowChars > this.maxRowChars) {
      const where = this.state === State.Quoted ? 'an unterminated quoted field?' : 'no line ends?';
      throw this.error(`row longer than ${this.maxRowChars} characters (${where})`, this.rowLine);
    }
  }

  /** Ends the input: flushes a last row without a line end, or throws on an unterminated quoted field. */
  end(): void {
    switch (this.state) {
      case State.Quoted:
        throw this.error('unterminated quoted field (the quote opens on this line)', this.quoteLine);
      case State.Unquoted:
      case State.QuoteInQuoted:
        this.fields.push(this.field);
        this.field = '';
        this.endRow();
        break;
      case State.FieldStart:
        this.fields.push('');
        this.endRow();
        break;
      case State.RowStart:
        break;
    }
  }

  private error(problem: string, line: number): DatasetFormatError {
    const index = this.fields.length;
    const column = this.columnNames?.[index] ?? `#${index + 1}`;
    return new DatasetFormatError(problem, { line, column });
  }

  private startRow(): void {
    if (this.state === State.RowStart) {
      this.rowLine = this.line;
    }
  }

  private endRow(): void {
    const fields = this.fields;
    this.fields = [];
    this.state = State.RowStart;
    this.rows++;
    this.onRow(fields, this.rowLine);
  }

  // Consumes a line end at i (CR, LF or CRLF, possibly split across chunks); returns the index of its last char.
  private lineBreak(text: string, i: number): number {
    this.line++;
    if (text.charCodeAt(i) !== CR) {
      return i;
    }
    if (i + 1 < text.length) {
      return text.charCodeAt(i + 1) === LF ? i + 1 : i;
    }
    this.skipLf = true;
    return i;
  }
}
