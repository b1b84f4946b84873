import { runMain } from '@ferry/service-runtime';

import { trainingService } from './service';

void runMain(trainingService);
