import type { FerryConfig } from '@ferry/contracts';

import { removeDataDir } from './config';
import { deletePrefixStreams } from './nats';
import { dropSchemas } from './postgres';

/** Removes all a test made on the machine's servers: its streams, its PostgreSQL schemas, its data directory. */
export async function cleanUpTest(prefix: string, config: FerryConfig): Promise<void> {
  await deletePrefixStreams(prefix);
  if (config.databaseUrl !== undefined) {
    await dropSchemas(prefix);
  }
  removeDataDir(config);
}
