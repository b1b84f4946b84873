import type { Command } from '../command';
import { batchStart, batchWatch } from './batch';
import { datasetsPush, datasetsShow } from './datasets';
import { deployCreate, deployList, deployRollback, deployShow, deploySplit, deployUpdate } from './deploy';
import { driftReports, driftWatch } from './drift';
import { keysCreate, keysList, keysRevoke } from './keys';
import { login } from './login';
import { modelsList, modelsRegister, modelsShow } from './models';
import { monitorConfigure, monitorShow } from './monitor';
import { pipelinesCreate, pipelinesList, pipelinesRun, pipelinesShow } from './pipelines';
import { predict } from './predict';
import { runsShow, runsWatch } from './runs';
import { status } from './status';

/** Every `ferry` command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [
  login,
  status,
  modelsList,
  modelsShow,
  modelsRegister,
  datasetsPush,
  datasetsShow,
  deployCreate,
  deployUpdate,
  deploySplit,
  deployRollback,
  deployList,
  deployShow,
  predict,
  pipelinesCreate,
  pipelinesRun,
  pipelinesList,
  pipelinesShow,
  runsWatch,
  runsShow,
  monitorConfigure,
  monitorShow,
  driftWatch,
  driftReports,
  batchStart,
  batchWatch,
  keysCreate,
  keysList,
  keysRevoke,
];
