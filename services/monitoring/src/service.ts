import 'reflect-metadata';

import { streamsFor } from '@ferry/contracts';
import { defaultProcessMetrics, MetricsRegistry } from '@ferry/metrics';
import { createGraphQLServer, metricsRoute, ResolverContainer, type ServiceDefinition } from '@ferry/service-runtime';

import { Monitoring } from './domain/monitoring';
import { MonitorResolver } from './graphql/monitor.resolver';
import { buildMonitoringSchema } from './graphql/schema';
import { consumeFeedback, consumePredictions } from './messaging/consumers';
import { RegistryDatasets } from './registry/registry-datasets';
import { monitoringDatabase, TypeOrmMonitoringStore } from './store';
import { MonitoringTelemetry } from './telemetry/monitoring-telemetry';

/** The monitoring service. Watches deployments: drift, delayed-label performance, operational metrics and alerts. */
export const monitoringService: ServiceDefinition = {
  name: 'monitoring',
  database: monitoringDatabase,
  streams: (prefix) => {
    const streams = streamsFor(prefix);
    return [streams.events, streams.predictions, streams.feedback];
  },
  async setup(ctx) {
    const { db, config, logger, js, jsm } = ctx;
    if (db === undefined) {
      throw new Error('the monitoring service needs its database');
    }
    const metrics = new MetricsRegistry();
    defaultProcessMetrics(metrics);
    const telemetry = new MonitoringTelemetry(metrics);
    const monitoring = new Monitoring(
      new TypeOrmMonitoringStore(db),
      new RegistryDatasets(config),
      {
        prefix: config.natsPrefix,
        operationalSeconds: config.monitoringOperationalSeconds,
        feedbackWaitMs: 2000,
      },
      telemetry,
    );
    const predictions = await consumePredictions(js, jsm, config.natsPrefix, monitoring, logger, () =>
      telemetry.invalid.inc(),
    );
    const feedback = await consumeFeedback(js, jsm, config.natsPrefix, monitoring, logger, () =>
      telemetry.invalid.inc(),
    );
    const ticker = setInterval(() => {
      monitoring.tick().catch((error: unknown) => logger.warn({ err: error }, 'closing windows on time failed'));
    }, 1000);
    const container = new ResolverContainer().register(MonitorResolver, new MonitorResolver(monitoring));
    const schema = await buildMonitoringSchema(() => ctx, container);
    return {
      apollo: createGraphQLServer(schema, ctx),
      context: async (_req, identity) => ({ actor: identity?.id ?? null }),
      routes: [metricsRoute(metrics)],
      stop: async () => {
        clearInterval(ticker);
        await predictions.stop();
        await feedback.stop();
      },
    };
  },
};
