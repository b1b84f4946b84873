import type { Random } from './random';

/** A source yielding the text as UTF-8 buffers of the given sizes (cycled), e.g. [1] for 1-byte chunks. */
export function chunked(text: string | Buffer, sizes: readonly number[] = [65536]): () => AsyncIterable<Buffer> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return async function* () {
    let offset = 0;
    let k = 0;
    while (offset < bytes.length) {
      const size = sizes[k++ % sizes.length]!;
      yield bytes.subarray(offset, offset + size);
      offset += size;
    }
  };
}

/** Chunk sizes from 1 byte to 8 KB, so chunk ends fall everywhere: in quotes, escapes, CRLFs and characters. */
export function randomSizes(random: Random, count = 257): number[] {
  return Array.from({ length: count }, () => 1 + random.int(random.next() < 0.3 ? 7 : 8192));
}

/** Counts calls of `open`, to check how many passes were made. */
export function counting<T>(open: () => T): { open: () => T; calls: () => number } {
  let calls = 0;
  return {
    open: () => {
      calls++;
      return open();
    },
    calls: () => calls,
  };
}
