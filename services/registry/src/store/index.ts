import { CreateOutbox1764214800000, OutboxRecord } from '@ferry/persistence';

import { Models1764214800001 } from './migrations/1764214800001-Models';
import { ModelRow } from './model.entity';

export { TypeOrmModelStore } from './typeorm-model-store';

/** The registry's tables and its migrations, oldest first. */
export const registryDatabase = {
  entities: [ModelRow, OutboxRecord],
  migrations: [CreateOutbox1764214800000, Models1764214800001],
};
