import type { FerryClient } from '../client/client';

import type { TrainingRun } from './api';
import { demoNames, type DemoContext, type RunUpdate } from './context';
import { EventLog } from './events';
import {
  configureMonitoring,
  pushSecondVersion,
  retrainOnNewData,
  shiftUsers,
  startLiveTraffic,
  stopTraffic,
  verifyAliasMoved,
  verifyDriftCleared,
  verifySwap,
} from './loop-steps';
import { createPipelines, deployBoth, pushFirstVersion, trainFirstModel } from './setup-steps';
import type { Story } from './story';
import { SeededRandom } from './users';

const RUN_UPDATES = `subscription {
  trainingRunUpdates { runId pipeline state trigger error }
}`;

/** The seed of the demo's users: the same story every run. */
const SEED = 20240917;

/** Subscribes to training runs before anything can start one, so no update is missed. */
export async function openContext(client: FerryClient, nameSuffix: string): Promise<DemoContext> {
  return {
    client,
    names: demoNames(nameSuffix),
    random: new SeededRandom(SEED),
    answered: new Set(),
    runUpdates: await EventLog.open<RunUpdate>(client, 'trainingRunUpdates', RUN_UPDATES, {}),
  };
}

/** The closed loop, step by step: data, models, serving, traffic, drift, new data, retraining, the swap. */
export async function runClosedLoop(ctx: DemoContext, story: Story): Promise<void> {
  await story.step('Push dataset v1', () => pushFirstVersion(ctx));
  await story.step('Create the pipelines', () => createPipelines(ctx));
  await story.step('Train the segments', () => trainFirstModel(ctx, 'segments'));
  await story.step('Train the purchase propensity', async () => {
    const outcome = await trainFirstModel(ctx, 'propensity');
    ctx.champion = outcome.run;
    return outcome;
  });
  await story.step('Deploy both models', () => deployBoth(ctx));
  await story.step('Configure monitoring', () => configureMonitoring(ctx));
  await story.step('Send live traffic', () => startLiveTraffic(ctx));
  await story.step('Shift the live users', () => shiftUsers(ctx));
  let runsFrom = 0;
  await story.step('Push dataset v2', async () => {
    const outcome = await pushSecondVersion(ctx);
    runsFrom = outcome.runsFrom;
    return outcome;
  });
  let challenger: TrainingRun | undefined;
  await story.step('Retrain on the new data', async () => {
    const outcome = await retrainOnNewData(ctx, runsFrom);
    challenger = outcome.challenger;
    return outcome;
  });
  // A step that fails throws, so the retrain step having returned means it found the challenger.
  const promoted = challenger as TrainingRun;
  await story.step('Check the alias moved', () => verifyAliasMoved(ctx, promoted));
  await story.step('Check inference swapped', () => verifySwap(ctx, promoted));
  await story.step('Check the drift cleared', () => verifyDriftCleared(ctx, promoted));
  await story.step('Stop the live traffic', () => stopTraffic(ctx, promoted));
}

/** Stops what the steps left running (after a failure): traffic and subscriptions. */
export async function closeContext(ctx: DemoContext): Promise<void> {
  await ctx.traffic?.stop();
  ctx.predictions?.close();
  ctx.driftAlerts?.close();
  ctx.runUpdates.close();
}
