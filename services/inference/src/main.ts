import { runMain } from '@ferry/service-runtime';

import { inferenceService } from './service';

void runMain(inferenceService);
