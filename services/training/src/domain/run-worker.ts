import { ErrorCode, toFerryError } from '@ferry/contracts';

import type { RunEvents } from './events';
import type { Lease, ProgressSink, RunStore } from './ports';
import { RunAborted, type RunExecutor, type RunReporter, type RunResult } from './run-executor';
import { dispatchFollowUp } from './runs';
import { appendLog, isFinal, type RunState, type TrainingRun } from './run';

export interface WorkerSettings {
  /** This worker's name in run rows: host and process. */
  workerId: string;
  /** How often a running run extends its lease, records its progress and checks for cancellation. */
  heartbeatMs: number;
  /** Claims after which a run whose workers keep dying is failed instead of retried. */
  maxAttempts: number;
  /** Least time between two progress events of one run. */
  progressIntervalMs: number;
}

/** What the worker's transport does with the queue message once `process` answers. */
export type Outcome =
  /** The run is final (or gone): acknowledge the message. */
  | 'ack'
  /** This worker stops: hand the message back for another worker now. */
  | 'release'
  /** Another worker claimed the run meanwhile: leave the message to it. */
  | 'lost';

/** Told when a run this worker held ends (metrics). */
export interface RunObserver {
  finished(run: TrainingRun): void;
}

/**
 * Executes the runs a worker takes off the queue. A claim is fenced: it records the worker and an attempt number,
 * and every later write of the worker (heartbeat, final state) applies only while both still match — so when a
 * worker that was presumed dead comes back, it finds its claim gone and stops without writing.
 */
export class RunWorker {
  constructor(
    private readonly store: RunStore,
    private readonly events: RunEvents,
    private readonly executor: RunExecutor,
    private readonly sink: ProgressSink,
    private readonly committed: () => void,
    private readonly settings: WorkerSettings,
    private readonly observer: RunObserver = { finished: () => undefined },
  ) {}

  async process(runId: string, lease: Lease, stopping: AbortSignal): Promise<Outcome> {
    const claimed = await this.claim(runId);
    if (claimed === undefined || isFinal(claimed.state)) {
      return 'ack';
    }
    const run = claimed;
    const attempt = run.attempts;
    const abort = new AbortController();
    let reason: 'cancelled' | 'lost' | 'stopping' | undefined;
    const stop = (why: 'cancelled' | 'lost' | 'stopping'): void => {
      reason ??= why;
      abort.abort();
    };
    const onStopping = (): void => stop('stopping');
    stopping.addEventListener('abort', onStopping);
    if (stopping.aborted) {
      onStopping();
    }
    let lastPublished = 0;
    let publishedPhase = '';
    const publish = (force: boolean): void => {
      const now = Date.now();
      const key = `${run.progress.phase}/${run.progress.trial ?? ''}`;
      if (!force && key === publishedPhase && now - lastPublished < this.settings.progressIntervalMs) {
        return;
      }
      lastPublished = now;
      publishedPhase = key;
      void this.sink.progress(run);
    };
    const reporter: RunReporter = {
      signal: abort.signal,
      progress: (progress) => {
        run.progress = {
          ...run.progress,
          ...progress,
          // Iterations belong to one trial's training: a new phase starts without them.
          iteration: progress.iteration ?? null,
          loss:
            progress.loss !== undefined && progress.loss !== null && Number.isFinite(progress.loss)
              ? progress.loss
              : null,
        };
        publish(false);
      },
      log: (line) => {
        run.logs = appendLog(run.logs, line);
      },
      dataset: (ref) => {
        run.datasetVersionId = ref.id;
        run.datasetVersion = ref.version;
      },
      trial: (trial) => {
        run.trials = [...run.trials.filter((t) => t.index !== trial.index), trial];
      },
    };
    let beating: Promise<void> = Promise.resolve();
    const beat = async (): Promise<void> => {
      lease.extend();
      try {
        const answer = await this.store.heartbeat(run.id, this.settings.workerId, attempt, run);
        if (!answer.held) {
          stop('lost');
        } else if (answer.cancelRequested) {
          stop('cancelled');
        }
      } catch {
        // A database hiccup: the next heartbeat tries again; the lease was extended regardless.
      }
    };
    const timer = setInterval(() => {
      beating = beating.then(beat);
    }, this.settings.heartbeatMs);
    try {
      let result: RunResult | undefined;
      let failure: unknown;
      try {
        result = await this.executor.execute(run, reporter);
      } catch (error) {
        failure = error;
      }
      clearInterval(timer);
      await beating;
      if (reason === 'lost') {
        return 'lost';
      }
      if (result !== undefined) {
        return await this.finish(run, attempt, 'succeeded', result);
      }
      if (reason === 'stopping' && failure instanceof RunAborted) {
        return await this.release(run, attempt);
      }
      if (reason === 'cancelled') {
        return await this.finish(run, attempt, 'cancelled', undefined, 'cancelled while running');
      }
      return await this.finish(run, attempt, 'failed', undefined, describe(failure));
    } finally {
      clearInterval(timer);
      stopping.removeEventListener('abort', onStopping);
    }
  }

  /** Takes the run: running, held by this worker, one more attempt; fails it after too many attempts. */
  private async claim(runId: string): Promise<TrainingRun | undefined> {
    const found = await this.store.findById(runId);
    if (found === undefined || isFinal(found.state)) {
      return found;
    }
    const claimed = await this.store.withPipeline(found.pipelineId, async (tx) => {
      const run = await tx.run(runId);
      if (run === undefined || isFinal(run.state)) {
        return run;
      }
      const now = new Date();
      const previous = run.worker;
      const interrupted = run.state === 'running';
      if (!interrupted) {
        // A run takes the pipeline as it is when it starts (a follow-up may have waited through edits); a retry
        // after a worker died keeps what its first attempt used.
        run.spec = (await tx.pipeline()) ?? run.spec;
      }
      run.attempts += 1;
      run.worker = this.settings.workerId;
      run.heartbeatAt = now;
      run.startedAt ??= now;
      run.dispatched = true;
      if (interrupted && run.attempts > this.settings.maxAttempts) {
        run.state = 'failed';
        run.error = `its worker stopped ${run.attempts - 1} times (last: ${previous ?? 'unknown'}); not retried`;
        run.finishedAt = now;
        run.progress = { ...run.progress, phase: 'finished' };
        run.logs = appendLog(run.logs, run.error);
        await tx.update(run);
        await tx.publish(this.events.updated(run));
        await dispatchFollowUp(tx, this.events);
        return run;
      }
      run.state = 'running';
      run.progress = { phase: 'starting', trial: null, trials: null, iteration: null, loss: null };
      run.logs = appendLog(
        run.logs,
        interrupted
          ? `claimed by ${this.settings.workerId} (attempt ${run.attempts}): ${previous ?? 'its worker'} stopped mid-run`
          : `claimed by ${this.settings.workerId} (attempt ${run.attempts})`,
      );
      run.trials = [];
      await tx.update(run);
      await tx.publish(this.events.updated(run));
      return run;
    });
    this.committed();
    if (claimed !== undefined && claimed.state === 'failed') {
      this.observer.finished(claimed);
    }
    return claimed;
  }

  /** Writes the final state if this worker still holds the run, and lets the pipeline's follow-up go. */
  private async finish(
    run: TrainingRun,
    attempt: number,
    state: RunState,
    result: RunResult | undefined,
    error?: string,
  ): Promise<Outcome> {
    const finished = await this.store.withPipeline(run.pipelineId, async (tx) => {
      const current = await tx.run(run.id);
      if (current === undefined || current.worker !== this.settings.workerId || current.attempts !== attempt) {
        return undefined;
      }
      if (isFinal(current.state)) {
        return current;
      }
      const final: TrainingRun = {
        ...run,
        cancelRequested: current.cancelRequested,
        state,
        metrics: result?.metrics ?? null,
        decision: result?.decision ?? null,
        modelVersion: result?.modelVersion ?? null,
        error: error ?? null,
        finishedAt: new Date(),
        progress: { ...run.progress, phase: 'finished', iteration: null, loss: null },
        logs: appendLog(run.logs, state === 'succeeded' ? 'succeeded' : `${state}: ${error ?? ''}`),
      };
      await tx.update(final);
      await tx.publish(this.events.updated(final));
      await dispatchFollowUp(tx, this.events);
      return final;
    });
    this.committed();
    if (finished === undefined) {
      return 'lost';
    }
    this.observer.finished(finished);
    return 'ack';
  }

  /** The worker is stopping: the run goes back to the queue as it was, for another worker to take at once. */
  private async release(run: TrainingRun, attempt: number): Promise<Outcome> {
    const released = await this.store.withPipeline(run.pipelineId, async (tx) => {
      const current = await tx.run(run.id);
      if (current === undefined || current.worker !== this.settings.workerId || current.attempts !== attempt) {
        return false;
      }
      const back: TrainingRun = {
        ...current,
        state: 'queued',
        worker: null,
        // The stop was orderly: it does not count against the run's attempts.
        attempts: current.attempts - 1,
        progress: { phase: 'requeued', trial: null, trials: null, iteration: null, loss: null },
        logs: appendLog(run.logs, `${this.settings.workerId} stopped; back on the queue`),
      };
      await tx.update(back);
      await tx.publish(this.events.updated(back));
      return true;
    });
    this.committed();
    return released ? 'release' : 'lost';
  }
}

function describe(error: unknown): string {
  const failure = toFerryError(error);
  return failure.code === ErrorCode.INTERNAL ? `internal error: ${messageOf(failure.cause)}` : failure.message;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
