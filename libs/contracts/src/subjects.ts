/**
 * NATS subjects and JetStream names, all derived from FERRY_NATS_PREFIX so several installations
 * (and parallel tests) share one NATS server without colliding. See ARCHITECTURE.md, "NATS subjects".
 */

/** The name of a stream, consumer, bucket or object store: the prefix upper-cased, "_", the name. */
export function jetStreamName(prefix: string, name: string): string {
  return `${prefix.toUpperCase().replace(/-/g, '_')}_${name}`;
}

/** Every subject of the platform for one prefix. */
export function subjectsFor(prefix: string) {
  return {
    registry: {
      all: `${prefix}.registry.>`,
      modelCreated: `${prefix}.registry.model.created`,
      versionCreated: `${prefix}.registry.version.created`,
      aliasMoved: `${prefix}.registry.alias.moved`,
      datasetVersionCreated: `${prefix}.registry.dataset.version.created`,
    },
    inference: {
      deploymentUpdated: `${prefix}.inference.deployment.updated`,
      batchProgress: `${prefix}.inference.batch.progress`,
      /** Request/reply, queue group "inference"; never captured by a stream. */
      predict: (deployment: string) => `${prefix}.inference.predict.${deployment}`,
    },
    predictions: (deployment: string) => `${prefix}.predictions.${deployment}`,
    feedback: (deployment: string) => `${prefix}.feedback.${deployment}`,
    monitoring: {
      driftDetected: `${prefix}.monitoring.drift.detected`,
      performanceDegraded: `${prefix}.monitoring.performance.degraded`,
    },
    training: {
      runUpdated: `${prefix}.training.run.updated`,
      /** The work queue of training runs (stream `<P>_TRAINING_QUEUE`): workers compete for its messages. */
      queue: `${prefix}.training.queue`,
    },
  } as const;
}
export type Subjects = ReturnType<typeof subjectsFor>;

/** What a stream is: its name and the subjects it captures. */
export interface StreamSpec {
  name: string;
  subjects: string[];
  description: string;
  /** `workqueue`: a message is removed once acknowledged (competing workers); default `limits`. */
  retention?: 'limits' | 'workqueue';
}

/**
 * The platform's streams. Their subjects never overlap, and none captures the request/reply
 * subject `<prefix>.inference.predict.*` (a stream would answer the request with its own ack).
 */
export function streamsFor(prefix: string) {
  return {
    events: {
      name: jetStreamName(prefix, 'EVENTS'),
      subjects: [
        `${prefix}.registry.>`,
        `${prefix}.inference.deployment.>`,
        `${prefix}.inference.batch.>`,
        `${prefix}.monitoring.>`,
        `${prefix}.training.run.>`,
      ],
      description: 'Domain events of every Ferry service',
    },
    predictions: {
      name: jetStreamName(prefix, 'PREDICTIONS'),
      subjects: [`${prefix}.predictions.>`],
      description: 'One record per prediction request, live and shadow',
    },
    feedback: {
      name: jetStreamName(prefix, 'FEEDBACK'),
      subjects: [`${prefix}.feedback.>`],
      description: 'Ground truth for earlier predictions',
    },
    trainingQueue: {
      name: jetStreamName(prefix, 'TRAINING_QUEUE'),
      subjects: [`${prefix}.training.queue`],
      description: 'Training runs waiting for a worker (work queue)',
      retention: 'workqueue',
    },
  } satisfies Record<string, StreamSpec>;
}
