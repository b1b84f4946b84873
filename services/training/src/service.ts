import 'reflect-metadata';

import * as path from 'node:path';

import { streamsFor } from '@ferry/contracts';
import {
  createGraphQLServer,
  PeerClient,
  ResolverContainer,
  type ServiceContext,
  type ServiceDefinition,
  type ServiceParts,
} from '@ferry/service-runtime';

import { requestActor } from './domain/access';
import { RunEvents } from './domain/events';
import { Pipelines } from './domain/pipelines';
import { RunExecutor } from './domain/run-executor';
import { RunWorker } from './domain/run-worker';
import { TrainingRuns } from './domain/runs';
import { Triggers } from './domain/triggers';
import type { RequestContext } from './graphql/context';
import { PipelineResolver } from './graphql/pipeline.resolver';
import { TrainingRunResolver } from './graphql/run.resolver';
import { buildTrainingSchema } from './graphql/schema';
import { followTriggers } from './messaging/event-triggers';
import { JetStreamRunProgress } from './messaging/run-progress';
import { WorkQueue } from './messaging/work-queue';
import { RegistryDatasets } from './registry/registry-datasets';
import { RegistryModels } from './registry/registry-models';
import { CommandTrainer } from './runtime/command-trainer';
import { OnnxEvaluator } from './runtime/onnx-evaluator';
import { ThreadTrainer } from './runtime/thread-trainer';
import { trainingSettings, type TrainingSettings } from './settings';
import { TrainingMetrics } from './telemetry/training-metrics';
import { trainingDatabase, TypeOrmPipelineStore, TypeOrmRunStore } from './store';

/**
 * The training service: pipelines and runs over GraphQL, a share of the JetStream work queue of runs, the triggers
 * of continuous training (new dataset versions, drift alerts, cron schedules) and `/metrics`. `overrides` adjust
 * the FERRY_TRAINING_* settings (tests use short ack waits).
 */
export function createTrainingService(overrides: Partial<TrainingSettings> = {}): ServiceDefinition<RequestContext> {
  return {
    name: 'training',
    database: trainingDatabase,
    streams: (prefix) => {
      const streams = streamsFor(prefix);
      return [streams.events, streams.trainingQueue];
    },
    setup: (ctx) => setup(ctx, trainingSettings(process.env, overrides)),
  };
}

async function setup(ctx: ServiceContext, settings: TrainingSettings): Promise<ServiceParts<RequestContext>> {
  const { db, outbox, config, logger, js, jsm } = ctx;
  if (db === undefined || outbox === undefined) {
    throw new Error('the training service needs its database');
  }
  const committed = (): void => outbox.nudge();
  const events = new RunEvents(config.natsPrefix);
  const pipelineStore = new TypeOrmPipelineStore(db);
  const runStore = new TypeOrmRunStore(db);
  const pipelines = new Pipelines(pipelineStore);
  const runs = new TrainingRuns(pipelineStore, runStore, events, committed);
  const triggers = new Triggers(pipelineStore, runs);

  const registry = new PeerClient('registry', config);
  const executor = new RunExecutor({
    datasets: new RegistryDatasets(registry),
    registry: new RegistryModels(registry),
    evaluator: new OnnxEvaluator(),
    builtIn: new ThreadTrainer(),
    command: new CommandTrainer(),
    workRoot: path.join(config.dataDir, 'training', 'runs'),
  });
  const working: { queue?: WorkQueue } = {};
  const metrics = new TrainingMetrics(
    () => runStore.countByState(),
    () => working.queue?.active ?? 0,
  );
  const worker = new RunWorker(
    runStore,
    events,
    executor,
    new JetStreamRunProgress(js, config.natsPrefix, logger),
    committed,
    {
      workerId: settings.workerId,
      heartbeatMs: Math.max(250, Math.floor(settings.ackWaitMs / 4)),
      maxAttempts: settings.maxAttempts,
      progressIntervalMs: settings.progressIntervalMs,
    },
    metrics,
  );

  const stopTriggers = await followTriggers(js, jsm, config.natsPrefix, triggers, logger);
  const queue = await WorkQueue.start(js, jsm, config.natsPrefix, worker, {
    concurrency: settings.concurrency,
    ackWaitMs: settings.ackWaitMs,
    logger,
  }).catch(async (error: unknown) => {
    await stopTriggers();
    throw error;
  });
  working.queue = queue;
  const schedule = setInterval(() => {
    triggers.tick(new Date()).catch((error: unknown) => logger.warn({ err: error }, 'schedule tick failed'));
  }, settings.scheduleIntervalMs);
  schedule.unref();
  logger.info({ worker: settings.workerId, concurrency: settings.concurrency }, 'training worker ready');

  const container = new ResolverContainer()
    .register(Pipelines, pipelines)
    .register(TrainingRuns, runs)
    .register(PipelineResolver, new PipelineResolver(pipelines, runs))
    .register(TrainingRunResolver, new TrainingRunResolver(runs, pipelines));
  const schema = await buildTrainingSchema(() => ctx, container);
  return {
    apollo: createGraphQLServer<RequestContext>(schema, ctx),
    // The one place a request's identity (the gateway's signed one, verified by the runtime) becomes an actor.
    context: async (_req, identity) => ({ actor: requestActor(config.auth, identity) }),
    routes: [metrics.route()],
    stop: async () => {
      clearInterval(schedule);
      await queue.stop();
      await stopTriggers();
      await outbox.flush();
    },
  };
}

/** The training service with its settings from the environment. */
export const trainingService = createTrainingService();
