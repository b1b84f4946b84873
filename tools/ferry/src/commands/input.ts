import * as fs from 'node:fs';
import { Readable } from 'node:stream';

import { DatasetFormatError, forEachRecordBatch, MISSING_TOKENS, parseNumber } from '@ferry/statistics';

import { usage } from '../client/errors';

/** Everything a stream holds, as text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A file path that must exist and be a file. */
export function existingFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw usage(`no such file: ${file}`);
  }
  if (!stat.isFile()) {
    throw usage(`not a file: ${file}`);
  }
  return file;
}

type Row = Record<string, unknown>;

/**
 * Reads prediction rows in batches of at most `batchRows`, in order, awaiting each batch before reading on: a JSON
 * array of objects, JSON lines, or CSV with a header row (numbers parsed, `NA`/empty cells as missing). `file`
 * undefined reads stdin. Unreadable input is a usage error naming the line.
 */
export async function forEachRowBatch(
  file: string | undefined,
  stdin: NodeJS.ReadableStream,
  batchRows: number,
  onBatch: (rows: Row[]) => Promise<void>,
): Promise<void> {
  const source = file ?? 'stdin';
  let open: () => NodeJS.ReadableStream;
  if (file === undefined) {
    const text = await readAll(stdin);
    if (text.trimStart().startsWith('[')) {
      return inBatches(jsonArrayRows(text, source), batchRows, onBatch);
    }
    open = () => Readable.from([text]);
  } else {
    const head = Buffer.alloc(1024);
    const fd = fs.openSync(existingFile(file), 'r');
    const read = fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    if (head.subarray(0, read).toString('utf8').trimStart().startsWith('[')) {
      return inBatches(jsonArrayRows(fs.readFileSync(file, 'utf8'), source), batchRows, onBatch);
    }
    open = () => fs.createReadStream(file);
  }
  let rows = 0;
  try {
    await forEachRecordBatch(open, { batchRows }, async (records) => {
      rows += records.length;
      await onBatch(records.map(typedRow));
    });
  } catch (error) {
    if (error instanceof DatasetFormatError) {
      throw usage(`${source}: ${error.message}`);
    }
    throw error;
  }
  if (rows === 0) {
    throw usage(`${source} holds no rows`);
  }
}

async function inBatches(rows: Row[], batchRows: number, onBatch: (rows: Row[]) => Promise<void>): Promise<void> {
  for (let start = 0; start < rows.length; start += batchRows) {
    await onBatch(rows.slice(start, start + batchRows));
  }
}

function jsonArrayRows(text: string, source: string): Row[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw usage(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.some((row) => typeof row !== 'object' || row === null || Array.isArray(row))) {
    throw usage(`${source}: a JSON array must hold one object per row`);
  }
  if (parsed.length === 0) {
    throw usage(`${source} holds no rows`);
  }
  return parsed as Row[];
}

/** CSV cells arrive as text: numbers become numbers and missing tokens null; JSON values stay as they are. */
function typedRow(record: Row): Row {
  const row: Row = {};
  for (const [name, value] of Object.entries(record)) {
    if (typeof value !== 'string') {
      row[name] = value;
      continue;
    }
    const trimmed = value.trim();
    row[name] = MISSING_TOKENS.has(trimmed) ? null : (parseNumber(trimmed) ?? value);
  }
  return row;
}
