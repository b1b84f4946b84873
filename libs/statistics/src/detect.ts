import type { DatasetFormat } from './types';

/** Guesses the format from the start of a text: JSON lines when it opens with an object, otherwise CSV. */
export function detectFormatText(head: string): DatasetFormat | undefined {
  const text = (head.charCodeAt(0) === 0xfeff ? head.slice(1) : head).trimStart();
  // Blank, binary (NUL bytes never occur in CSV or JSON text) or a single JSON array: none of ours.
  if (text === '' || text.includes('\u0000') || text.startsWith('[')) {
    return undefined;
  }
  return text.startsWith('{') ? 'jsonl' : 'csv';
}

/** Detects the format from the first bytes of a dataset (a few KB): JSON object per line vs CSV with a header. */
export function detectFormat(head: Buffer): DatasetFormat | undefined {
  return detectFormatText(head.toString('utf8'));
}
