import { runMain } from '@ferry/service-runtime';

import { registryService } from './service';

void runMain(registryService);
