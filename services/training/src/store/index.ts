import { CreateOutbox1764214800000, OutboxRecord } from '@ferry/persistence';

import { PipelineRow, RunRow } from './entities';
import { PipelinesAndRuns1764214800001 } from './migrations/1764214800001-PipelinesAndRuns';

export { TypeOrmPipelineStore } from './typeorm-pipeline-store';
export { TypeOrmRunStore } from './typeorm-run-store';

/** The training service's tables and migrations, oldest first. */
export const trainingDatabase = {
  entities: [PipelineRow, RunRow, OutboxRecord],
  migrations: [CreateOutbox1764214800000, PipelinesAndRuns1764214800001],
};
