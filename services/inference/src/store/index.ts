import { CreateOutbox1764214800000, OutboxRecord } from '@ferry/persistence';

import { DeploymentRow } from './entities';
import { Deployments1764214800001 } from './migrations/1764214800001-Deployments';

export { TypeOrmDeploymentStore } from './typeorm-deployment-store';

/** The inference service's tables and migrations, oldest first. */
export const inferenceDatabase = {
  entities: [DeploymentRow, OutboxRecord],
  migrations: [CreateOutbox1764214800000, Deployments1764214800001],
};
