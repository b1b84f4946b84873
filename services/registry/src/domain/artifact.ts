/** What the registry knows of stored bytes: their content address and size. */
export interface ArtifactRef {
  sha256: string;
  size: number;
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Where artifact bytes live, content-addressed by sha256. Two implementations: files under
 * FERRY_DATA_DIR/artifacts and the NATS JetStream Object Store.
 */
export interface ArtifactStore {
  /**
   * Streams bytes in, hashing as they arrive, and stores them under their sha256 (once: identical bytes
   * are stored once). Throws PAYLOAD_TOO_LARGE past `maxBytes` and BAD_USER_INPUT when the bytes do not
   * hash to `expectedSha256`; in both cases nothing is stored.
   */
  put(body: AsyncIterable<Uint8Array>, options: { maxBytes: number; expectedSha256?: string }): Promise<ArtifactRef>;
  /** The size of a stored artifact, or undefined. */
  stat(sha256: string): Promise<ArtifactRef | undefined>;
  /** The bytes of a stored artifact as a stream, or undefined. */
  open(sha256: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  delete(sha256: string): Promise<void>;
  /** Every stored sha256 with when it was stored (for garbage collection of orphans). */
  list(): AsyncIterable<{ sha256: string; storedAt: Date }>;
}

/** Reads a whole artifact into memory (for ONNX files, which ONNX Runtime loads whole anyway). */
export async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) {
    parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(parts);
}
