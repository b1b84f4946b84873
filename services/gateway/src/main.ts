import { runMain } from '@ferry/service-runtime';

import { gatewayService } from './service';

void runMain(gatewayService);
