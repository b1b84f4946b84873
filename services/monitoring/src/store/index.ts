import { CreateOutbox1764214800000, OutboxRecord } from '@ferry/persistence';

import {
  DriftReportRow,
  FeedbackRow,
  MonitorRow,
  OperationalWindowRow,
  PredictionRow,
  WindowStateRow,
} from './entities';
import { Monitoring1764214800001 } from './migrations/1764214800001-Monitoring';

export { TypeOrmMonitoringStore } from './typeorm-monitoring-store';

/** The monitoring service's tables and migrations, oldest first. */
export const monitoringDatabase = {
  entities: [
    MonitorRow,
    WindowStateRow,
    PredictionRow,
    FeedbackRow,
    DriftReportRow,
    OperationalWindowRow,
    OutboxRecord,
  ],
  migrations: [CreateOutbox1764214800000, Monitoring1764214800001],
};
