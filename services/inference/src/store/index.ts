import { CreateOutbox1764214800000, OutboxRecord } from '@ferry/persistence';

import { BatchJobRow, DeploymentRow } from './entities';
import { BatchJobs1764214800002 } from './migrations/1764214800002-BatchJobs';
import { Deployments1764214800001 } from './migrations/1764214800001-Deployments';

export { TypeOrmBatchJobStore } from './typeorm-batch-job-store';
export { TypeOrmDeploymentStore } from './typeorm-deployment-store';

/** The inference service's tables and migrations, oldest first. */
export const inferenceDatabase = {
  entities: [DeploymentRow, BatchJobRow, OutboxRecord],
  migrations: [CreateOutbox1764214800000, Deployments1764214800001, BatchJobs1764214800002],
};
