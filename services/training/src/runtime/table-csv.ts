import * as fs from 'node:fs';

import type { Table } from '@ferry/ml';

const CHUNK = 1024 * 1024;

/** Writes a table as CSV with a header row (RFC 4180 quoting; a missing value is an empty field). */
export function writeTableCsv(table: Table, file: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    let text = `${table.names.map(quote).join(',')}\n`;
    const columns = table.columns;
    for (let i = 0; i < table.rowCount; i++) {
      const fields = columns.map((column) => {
        const value = column.values[i];
        if (column.kind === 'numeric') {
          return Number.isNaN(value as number) ? '' : String(value);
        }
        return value === null || value === undefined ? '' : quote(value as string);
      });
      text += `${fields.join(',')}\n`;
      if (text.length >= CHUNK) {
        fs.writeSync(fd, text);
        text = '';
      }
    }
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}
