import { DatasetFormatError } from './errors';

// Read once: global lookups are slow inside vm contexts (Jest, sandboxes), and these run per line.
const parseJson = JSON.parse;
const isArray = Array.isArray;

/** Longest line accepted by default, in characters: past it memory would grow with the file. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** Receives each record (a JSON object) with its 1-based line number. */
export type JsonlRecordHandler = (record: Record<string, unknown>, line: number) => void;

/**
 * Streaming JSON-lines reader: one JSON object per line, LF or CRLF line ends, blank lines skipped. A chunk may
 * end anywhere in a line; the unfinished line is kept until its end arrives.
 */
export class JsonlParser {
  private pending = '';
  private line = 0;

  constructor(
    private readonly onRecord: JsonlRecordHandler,
    private readonly maxLineChars = MAX_LINE_CHARS,
  ) {}

  /** Parses one chunk of text (already decoded, BOM removed). */
  push(text: string): void {
    let start = 0;
    let end = text.indexOf('\n');
    while (end !== -1) {
      const line = start === 0 ? this.pending + text.slice(0, end) : text.slice(start, end);
      this.pending = '';
      this.parseLine(line);
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    this.pending = start === 0 ? this.pending + text : text.slice(start);
    if (this.pending.length > this.maxLineChars) {
      throw new DatasetFormatError(`line longer than ${this.maxLineChars} characters`, { line: this.line + 1 });
    }
  }

  /** Ends the input: parses a last line without a line end. */
  end(): void {
    const line = this.pending;
    this.pending = '';
    if (line !== '') {
      this.parseLine(line);
    }
  }

  private parseLine(text: string): void {
    this.line++;
    if (text.trim() === '') {
      return;
    }
    let value: unknown;
    try {
      value = parseJson(text);
    } catch (error) {
      throw new DatasetFormatError(`not valid JSON (${(error as Error).message})`, { line: this.line });
    }
    if (typeof value !== 'object' || value === null || isArray(value)) {
      throw new DatasetFormatError(`expected a JSON object, found ${describe(value)}`, { line: this.line });
    }
    this.onRecord(value as Record<string, unknown>, this.line);
  }
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
