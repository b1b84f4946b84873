import { jetStreamName, type StreamSpec } from '@ferry/contracts';
import { RetentionPolicy, StorageType, type JetStreamManager, type NatsConnection } from 'nats';

const STREAM_NOT_FOUND = 10059;

/**
 * Creates each stream if it is missing and brings its subjects up to date if it exists; safe to call
 * from every replica at every start, concurrently.
 */
export async function ensureStreams(jsm: JetStreamManager, specs: StreamSpec[]): Promise<void> {
  for (const spec of specs) {
    await ensureStream(jsm, spec);
  }
}

async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const existing = await jsm.streams.info(spec.name).catch((error: unknown) => {
    if (apiErrorCode(error) === STREAM_NOT_FOUND) {
      return undefined;
    }
    throw error;
  });
  if (existing === undefined) {
    try {
      await jsm.streams.add({
        name: spec.name,
        subjects: spec.subjects,
        description: spec.description,
        retention: spec.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
        storage: StorageType.File,
        duplicate_window: 2 * 60 * 1_000_000_000,
      });
      return;
    } catch (error) {
      // Another replica created it between our look-up and our add: fall through to the update check.
      if (!String(error).includes('already in use')) {
        throw error;
      }
    }
  }
  const info = existing ?? (await jsm.streams.info(spec.name));
  const current = [...info.config.subjects].sort().join(',');
  if (current !== [...spec.subjects].sort().join(',')) {
    await jsm.streams.update(spec.name, { ...info.config, subjects: spec.subjects });
  }
}

function apiErrorCode(error: unknown): number | undefined {
  const api = (error as { api_error?: { err_code?: number } }).api_error;
  return api?.err_code;
}

/** The streams, KV buckets (`KV_<bucket>`) and object stores (`OBJ_<store>`) named from an installation's prefix. */
export async function prefixStreamNames(jsm: JetStreamManager, prefix: string): Promise<string[]> {
  const start = jetStreamName(prefix, '');
  const names: string[] = [];
  for await (const name of jsm.streams.names()) {
    if ([start, `KV_${start}`, `OBJ_${start}`].some((p) => name.startsWith(p))) {
      names.push(name);
    }
  }
  return names;
}

/** Deletes every stream, KV bucket and object store named from a prefix (tests and the demo clean up with it). */
export async function deletePrefixStreamsOn(nc: NatsConnection, prefix: string): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await deleteStreams(jsm, await prefixStreamNames(jsm, prefix));
}

/** Deletes streams by name, ignoring ones already gone (used by tests and `ferry` clean-up). */
export async function deleteStreams(jsm: JetStreamManager, names: string[]): Promise<void> {
  for (const name of names) {
    await jsm.streams.delete(name).catch((error: unknown) => {
      if (apiErrorCode(error) !== STREAM_NOT_FOUND) {
        throw error;
      }
    });
  }
}
