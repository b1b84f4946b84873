import { defaultProcessMetrics, exponentialBuckets, MetricsRegistry, type Gauge } from '@ferry/metrics';
import { metricsRoute, type Route } from '@ferry/service-runtime';

import type { RunObserver } from '../domain/run-worker';
import { RUN_STATES, type TrainingRun } from '../domain/run';

/**
 * The training service's Prometheus metrics: runs in each state (the whole installation, read from the database at
 * each scrape), and what this process's workers finished: counts, durations, trials.
 */
export class TrainingMetrics implements RunObserver {
  readonly registry = new MetricsRegistry();
  private readonly runs: Gauge;
  private readonly finishedTotal;
  private readonly duration;
  private readonly trials;

  constructor(
    private readonly countByState: () => Promise<Record<string, number>>,
    active: () => number,
  ) {
    defaultProcessMetrics(this.registry);
    this.runs = this.registry.gauge('ferry_training_runs', 'Training runs in each state (all workers).', ['state']);
    this.finishedTotal = this.registry.counter(
      'ferry_training_runs_finished_total',
      'Runs this process finished, by final state.',
      ['state', 'trigger'],
    );
    this.duration = this.registry.histogram(
      'ferry_training_run_duration_seconds',
      'From claim to final state, of the runs this process finished.',
      { labelNames: ['state'], buckets: exponentialBuckets(0.5, 2, 16) },
    );
    this.trials = this.registry.counter('ferry_training_trials_total', 'Trials this process ran, by outcome.', [
      'state',
    ]);
    const running = this.registry.gauge('ferry_training_runs_active', 'Runs this process is training now.');
    this.registry.collect(() => running.set(active()));
  }

  finished(run: TrainingRun): void {
    this.finishedTotal.inc({ state: run.state, trigger: run.trigger.kind });
    if (run.startedAt !== null && run.finishedAt !== null) {
      this.duration.observe((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000, { state: run.state });
    }
    for (const trial of run.trials) {
      this.trials.inc({ state: trial.state });
    }
  }

  /** `GET /metrics`, refreshing the per-state counts from the database first. */
  route(): Route {
    const render = metricsRoute(this.registry);
    return {
      ...render,
      handler: async (req, res, url) => {
        const counts = await this.countByState().catch(() => undefined);
        if (counts !== undefined) {
          for (const state of RUN_STATES) {
            this.runs.set(counts[state] ?? 0, { state });
          }
        }
        await render.handler(req, res, url);
      },
    };
  }
}
