import { CreateOutbox1764214800000, OutboxRecord } from '@ferry/persistence';

import { ApiKeyRow } from './entities';
import { ApiKeys1767225600001 } from './migrations/1767225600001-ApiKeys';

export { TypeOrmApiKeyStore } from './typeorm-api-key-store';

/**
 * The gateway's tables and migrations, oldest first. The outbox is there because every service database has one
 * (the runtime relays it); the gateway publishes nothing through it.
 */
export const gatewayDatabase = {
  entities: [ApiKeyRow, OutboxRecord],
  migrations: [CreateOutbox1764214800000, ApiKeys1767225600001],
};
