import { runMain } from '@ferry/service-runtime';

import { monitoringService } from './service';

void runMain(monitoringService);
