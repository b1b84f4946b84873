import 'reflect-metadata';

import { jetStreamName, streamsFor } from '@ferry/contracts';
import { defaultProcessMetrics, MetricsRegistry } from '@ferry/metrics';
import {
  createGraphQLServer,
  FERRY_VERSION,
  metricsRoute,
  ResolverContainer,
  type ServiceDefinition,
} from '@ferry/service-runtime';

import { BatchJobs } from './domain/batch-jobs';
import type { Deployment } from './domain/deployment';
import { Deployments } from './domain/deployments';
import { ModelPool } from './domain/model-pool';
import { ServingTable } from './domain/serving';
import type { RequestContext } from './graphql/context';
import { BatchPredictionResolver } from './graphql/batch-prediction.resolver';
import { DeploymentResolver } from './graphql/deployment.resolver';
import { buildInferenceSchema } from './graphql/schema';
import { JetStreamBatchProgress } from './messaging/batch-progress';
import { followEvents } from './messaging/event-feeds';
import { startPredictResponder } from './messaging/predict-responder';
import { PredictionLog } from './messaging/prediction-log';
import { RegistryDatasets } from './registry/registry-datasets';
import { RegistryModelSource } from './registry/registry-model-source';
import { v2Routes } from './rest/v2';
import { OnnxRuntime } from './runtime/onnx-runtime';
import { ServingTelemetry } from './telemetry/serving-telemetry';
import { inferenceDatabase, TypeOrmBatchJobStore, TypeOrmDeploymentStore } from './store';

/** The inference service: deployments served on ONNX Runtime through GraphQL, V2 REST and NATS. */
export const inferenceService: ServiceDefinition<RequestContext> = {
  name: 'inference',
  database: inferenceDatabase,
  streams: (prefix) => {
    const streams = streamsFor(prefix);
    return [streams.events, streams.predictions];
  },
  async setup(ctx) {
    const { db, outbox, config, logger, js, nc } = ctx;
    if (db === undefined || outbox === undefined) {
      throw new Error('the inference service needs its database');
    }
    const bucket =
      config.artifactStore === 'nats' ? await js.views.os(jetStreamName(config.natsPrefix, 'ARTIFACTS')) : undefined;
    const source = new RegistryModelSource(config, bucket);
    const runtime = new OnnxRuntime({
      intraOpNumThreads: config.inferenceThreads,
      limits: { maxRows: config.inferenceMaxRows },
    });
    const metrics = new MetricsRegistry();
    defaultProcessMetrics(metrics);
    const pool = new ModelPool(source, runtime);
    const telemetry = new ServingTelemetry(metrics, () => predictionLog, pool);
    const predictionLog: PredictionLog = new PredictionLog(nc, config.natsPrefix, logger, {
      maxBuffered: config.predictionLogBuffer,
      concurrency: 1024,
      onDropped: (count) => telemetry.logDropped.inc(count),
      onPublished: () => telemetry.logPublished.inc(),
    });
    const serving = new ServingTable(pool, source, telemetry);
    const applyLocally = async (deployment: Deployment, deleted: boolean): Promise<void> => {
      outbox.nudge();
      if (deleted) {
        serving.remove(deployment.name);
      } else {
        await serving.apply(deployment);
      }
    };
    const deployments = new Deployments(new TypeOrmDeploymentStore(db), source, config.natsPrefix, applyLocally);

    // Serve what is deployed, then follow the platform's changes; both before /readyz says ready.
    const stopFeeds = await followEvents(js, config.natsPrefix, serving, logger);
    for (const deployment of await deployments.all()) {
      const status = await serving.apply(deployment);
      const failed = status.filter((s) => s.error !== null);
      if (failed.length > 0) {
        logger.warn(
          { deployment: deployment.name, errors: failed.map((s) => s.error) },
          'deployment could not load every route',
        );
      }
    }
    const responder = startPredictResponder(nc, config.natsPrefix, serving);
    const batchJobs = new BatchJobs(
      new TypeOrmBatchJobStore(db),
      new RegistryDatasets(config),
      serving,
      pool,
      new JetStreamBatchProgress(js, config.natsPrefix, logger),
      { maxRows: config.inferenceMaxRows, progressIntervalMs: config.batchProgressIntervalMs },
    );
    await batchJobs.sweepInterrupted();

    const container = new ResolverContainer()
      .register(Deployments, deployments)
      .register(DeploymentResolver, new DeploymentResolver(deployments, serving))
      .register(BatchJobs, batchJobs)
      .register(BatchPredictionResolver, new BatchPredictionResolver(batchJobs));
    const schema = await buildInferenceSchema(() => ctx, container);
    return {
      apollo: createGraphQLServer<RequestContext>(schema, ctx),
      context: async (_req, identity) => ({ actor: { id: identity?.id ?? null } }),
      graphqlBodyLimitBytes: config.inferenceMaxBodyBytes,
      routes: [
        ...v2Routes({
          serving,
          ready: () => ctx.ready(),
          version: FERRY_VERSION,
          bodyLimitBytes: config.inferenceMaxBodyBytes,
        }),
        metricsRoute(metrics),
      ],
      stop: async () => {
        await responder.stop();
        await batchJobs.stop();
        await stopFeeds();
        await predictionLog.stop(2000);
        for (const name of serving.names()) {
          serving.remove(name);
        }
      },
    };
  },
};
