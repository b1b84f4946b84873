import { badInput, subjectsFor, validateResourceName } from '@ferry/contracts';
import type { Logger } from '@ferry/service-runtime';

import type { GatewayTelemetry } from '../telemetry/gateway-telemetry';
import { BoundedQueue } from './bounded-queue';
import { batchPredictionProgress, deploymentEvent, driftAlert, predictionEvent, trainingRunUpdate } from './events';
import type { SubjectFeeds } from './subject-feeds';

/** Opens one subscription of a field: its events, as an iterator the subscriber reads at its own pace. */
export type SubscriptionOpener = (args: Record<string, unknown>) => AsyncIterableIterator<unknown>;

export interface SubscriptionFieldsOptions {
  feeds: SubjectFeeds;
  natsPrefix: string;
  /** Events kept per subscriber while it is not reading; then the oldest are dropped. */
  bufferSize: number;
  telemetry: GatewayTelemetry;
  logger: Logger;
}

/** The gateway's subscription fields: where each reads on NATS, how it decodes and which events it keeps. */
export function subscriptionFields(options: SubscriptionFieldsOptions): Record<string, SubscriptionOpener> {
  const subjects = subjectsFor(options.natsPrefix);
  const open = <T>(
    field: string,
    subject: string,
    decode: (data: Uint8Array) => T,
    keep: (event: T) => boolean,
  ): AsyncIterableIterator<unknown> => {
    const { telemetry } = options;
    const labels = { field };
    const queue = new BoundedQueue<T>(
      options.bufferSize,
      () => telemetry.dropped.inc(labels),
      () => {
        stop();
        telemetry.subscriptions.dec(labels);
      },
    );
    const stop = options.feeds.listen(subject, decoding(field, decode, options), (event: T) => {
      if (keep(event)) {
        telemetry.events.inc(labels);
        queue.push(event);
      }
    });
    telemetry.subscriptions.inc(labels);
    return queue;
  };
  return {
    predictions: (args) => {
      const deployment = validateResourceName('deployment', String(args.deployment ?? ''));
      const sample = args.sample ?? 1;
      if (typeof sample !== 'number' || !(sample > 0 && sample <= 1)) {
        throw badInput(`sample must be in (0, 1], got ${String(sample)}`, { field: 'sample' });
      }
      return open('predictions', subjects.predictions(deployment), predictionEvent, () =>
        sample >= 1 ? true : Math.random() < sample,
      );
    },
    driftAlerts: (args) => {
      const deployment = optionalName('deployment', args.deployment);
      return open(
        'driftAlerts',
        subjects.monitoring.driftDetected,
        driftAlert,
        (e) => deployment === undefined || e.deployment === deployment,
      );
    },
    trainingRunUpdates: (args) => {
      const pipeline = optionalName('pipeline', args.pipeline);
      return open(
        'trainingRunUpdates',
        subjects.training.runUpdated,
        trainingRunUpdate,
        (e) => pipeline === undefined || e.pipeline === pipeline,
      );
    },
    batchPredictionProgress: (args) => {
      const id = String(args.id ?? '');
      return open(
        'batchPredictionProgress',
        subjects.inference.batchProgress,
        batchPredictionProgress,
        (e) => e.id === id,
      );
    },
    deploymentEvents: (args) => {
      const name = optionalName('name', args.name);
      return open(
        'deploymentEvents',
        subjects.inference.deploymentUpdated,
        deploymentEvent,
        (e) => name === undefined || e.name === name,
      );
    },
  };
}

function optionalName(field: string, value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : validateResourceName(field, String(value));
}

/** A decoder that counts and skips what it cannot read, instead of failing the feed. */
function decoding<T>(
  field: string,
  decode: (data: Uint8Array) => T,
  options: SubscriptionFieldsOptions,
): (data: Uint8Array) => T | undefined {
  return (data) => {
    try {
      return decode(data);
    } catch (error) {
      options.telemetry.invalid.inc({ field });
      options.logger.debug({ err: error, field }, 'skipped a message that is not the expected event');
      return undefined;
    }
  };
}
