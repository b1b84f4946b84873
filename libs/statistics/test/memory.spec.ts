import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { profileDataset } from '@ferry/statistics';
import { CSV_HEADER, csvLine, generateRows } from './support/dataset';

const ROWS = 2_000_000;
const MB = 1024 * 1024;

// global.gc is not exposed under Jest; this is how jest-leak-detector obtains it. Collecting before each sample
// measures what the profile retains rather than how much garbage V8 chose to leave around.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = (): number => process.memoryUsage().heapUsed;

// The dataset is never materialized: each open() regenerates it from the seed, ~64 KB per chunk.
async function* generatedCsv(): AsyncGenerator<string> {
  let chunk = CSV_HEADER;
  for (const row of generateRows(ROWS, 99)) {
    chunk += csvLine(row);
    if (chunk.length >= 65536) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

describe('memory bound', () => {
  it('profiles 2,000,000 streamed rows in memory that does not grow with the rows', async () => {
    gc();
    const before = heapUsed();
    let peak = 0;
    const retained: number[] = [];
    const started = Date.now();
    const profile = await profileDataset(generatedCsv, {
      onProgress: (rows) => {
        peak = Math.max(peak, heapUsed() - before);
        if (rows % 250_000 === 0) {
          gc();
          retained.push(heapUsed() - before);
        }
      },
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `${ROWS} rows, 2 passes: ${seconds.toFixed(1)} s; heap growth: peak ${(peak / MB).toFixed(1)} MB, ` +
        `retained ${(Math.max(...retained) / MB).toFixed(1)} MB at most`,
    );

    expect(profile.rowCount).toBe(ROWS);
    expect(profile.columns.map((c) => c.type)).toEqual([
      'numeric',
      'numeric',
      'numeric',
      'categorical',
      'boolean',
      'text',
      'categorical',
      'text',
    ]);
    expect(profile.columns[0]!.numeric!.histogram.counts.reduce((a, b) => a + b, 0)).toBe(ROWS);
    expect(retained).toHaveLength(16);
    expect(peak).toBeLessThan(100 * MB);
    expect(Math.max(...retained)).toBeLessThan(16 * MB);
    // From 250k rows to 2M rows (and through pass 2) the retained heap stays flat.
    expect(Math.max(...retained) - retained[0]!).toBeLessThan(4 * MB);
  });
});
