import * as path from 'node:path';

import { badInput, ErrorCode, FerryError, toFerryError } from '@ferry/contracts';

import { decide, type ChampionOutcome } from './decision';
import { computeMetrics, METRICS, type HoldoutTruth } from './metrics';
import { taskOf, type Pipeline, type Task } from './pipeline';
import type {
  DatasetRef,
  DatasetSource,
  ModelEvaluator,
  ModelRegistry,
  TrainerBackend,
  TrainingData,
  TrainingSession,
} from './ports';
import type { Decision, RegisteredVersion, RunProgress, TrainingRun, Trial } from './run';
import { trialParams } from './search-space';
import { classesOf, prepareData, truthOf } from './training-data';

/** What a run's execution reports as it goes (the worker keeps it, heartbeats it and publishes it). */
export interface RunReporter {
  readonly signal: AbortSignal;
  progress(progress: Partial<RunProgress> & { phase: string }): void;
  log(line: string): void;
  dataset(ref: DatasetRef): void;
  trial(trial: Trial): void;
}

export interface RunResult {
  metrics: Record<string, number>;
  decision: Decision;
  modelVersion: RegisteredVersion;
}

export interface ExecutorPorts {
  datasets: DatasetSource;
  registry: ModelRegistry;
  evaluator: ModelEvaluator;
  builtIn: TrainerBackend;
  command: TrainerBackend;
  /** Where runs keep their files while they execute (FERRY_DATA_DIR/training/runs). */
  workRoot: string;
}

/** The run was stopped (cancelled, its claim lost, or the worker shutting down): the worker decides what it means. */
export class RunAborted extends Error {
  constructor() {
    super('the run was stopped');
    this.name = 'RunAborted';
  }
}

/**
 * Executes one run: reads the dataset version, splits it, trains every trial, scores each trial's exported ONNX on
 * the holdout rows in ONNX Runtime, registers the best, scores the champion on the same rows and moves the alias
 * when the policy says so. Throws FerryError for a run that fails (the message says why), RunAborted when stopped.
 */
export class RunExecutor {
  constructor(private readonly ports: ExecutorPorts) {}

  async execute(run: TrainingRun, reporter: RunReporter): Promise<RunResult> {
    const spec = run.spec;
    const { validation } = spec;
    const task = taskOf(spec.trainer.type, METRICS[validation.metric]!.task);
    const check = (): void => {
      if (reporter.signal.aborted) {
        throw new RunAborted();
      }
    };

    reporter.progress({ phase: 'loading_data' });
    const ref = await this.ports.datasets.resolve(spec.datasetName, spec.datasetVersion);
    reporter.dataset(ref);
    reporter.log(`dataset ${ref.datasetName} version ${ref.version} (${ref.id})`);
    const table = await this.ports.datasets.load(ref);
    check();
    const data = prepareData(spec, table, task);
    const truth = truthOf(data.holdout, data.target, task);
    const classes = task === 'classification' ? classesOf(data.train, data.target!) : null;
    reporter.log(
      `${table.rowCount} rows: ${data.train.rowCount} to train, ${data.holdout.rowCount} held out (seed ${validation.seed}); features ${data.features.join(', ')}`,
    );

    const candidates = trialParams(spec.trainer.params, spec.search, validation.seed);
    const workDir = path.join(this.ports.workRoot, run.id);
    const backend = spec.trainer.type === 'command' ? this.ports.command : this.ports.builtIn;
    let best: { trial: Trial; onnx: Uint8Array } | undefined;
    const trials: Trial[] = [];
    const session = await backend.open(spec.trainer, data, workDir);
    try {
      for (const [index, params] of candidates.entries()) {
        check();
        const trial = await this.trial(
          session,
          { index, params, total: candidates.length },
          data,
          truth,
          classes,
          task,
          spec,
          reporter,
        );
        trials.push(trial.trial);
        reporter.trial(trial.trial);
        const score = trial.trial.score;
        if (score !== null && (best === undefined || better(score, best.trial.score!, validation.greaterIsBetter))) {
          best = { trial: trial.trial, onnx: trial.onnx! };
        }
      }
    } finally {
      await session.close();
    }
    check();
    if (best === undefined) {
      throw new FerryError(
        ErrorCode.BAD_USER_INPUT,
        `every trial failed; the first: ${trials[0]?.error ?? 'no trial ran'}`,
      );
    }
    const winner = best.trial;
    const challengerScore = winner.score!;
    reporter.log(`best: trial ${winner.index + 1} with ${validation.metric} ${challengerScore}`);

    reporter.progress({ phase: 'registering', trial: null, trials: candidates.length });
    const registered =
      (await this.ports.registry.findBySource(spec.modelName, run.id)) ??
      (await this.ports.registry.register({
        modelName: spec.modelName,
        onnx: best.onnx,
        metrics: { ...winner.metrics, validationMetric: validation.metric, holdoutRows: data.holdout.rowCount },
        params: { trainer: spec.trainer.type, ...winner.params },
        datasetVersionId: ref.id,
        source: run.id,
        description: `Trained by pipeline ${spec.name} (run ${run.id}, trial ${winner.index + 1}) on ${ref.datasetName} v${ref.version}`,
      }));
    reporter.log(`registered ${registered.modelName} version ${registered.version}`);

    reporter.progress({ phase: 'promoting' });
    const champion = await this.championOutcome(spec, registered, data, truth, classes, task);
    const decision = decide(
      spec.promotion,
      validation,
      { version: registered.version, score: challengerScore },
      champion,
    );
    if (decision.promoted && champion.kind !== 'challenger') {
      await this.ports.registry.setAlias(spec.modelName, spec.promotion.alias, registered.version);
    }
    reporter.log(decision.reason);
    return { metrics: winner.metrics, decision, modelVersion: registered };
  }

  /** Trains one candidate and scores its ONNX on the holdout; a candidate that fails is recorded, not thrown. */
  private async trial(
    session: TrainingSession,
    position: { index: number; params: Record<string, unknown>; total: number },
    data: TrainingData,
    truth: HoldoutTruth,
    classes: string[] | null,
    task: Task,
    spec: Pipeline,
    reporter: RunReporter,
  ): Promise<{ trial: Trial; onnx: Uint8Array | null }> {
    const { index, params, total } = position;
    const started = Date.now();
    const label = `trial ${index + 1}/${total}`;
    reporter.progress({ phase: 'training', trial: index + 1, trials: total, iteration: null, loss: null });
    reporter.log(`${label}: training with ${JSON.stringify(params)}`);
    const trial: Trial = {
      index,
      params,
      state: 'failed',
      metrics: {},
      score: null,
      trainingLoss: null,
      artifactSha256: null,
      error: null,
      durationMs: 0,
    };
    try {
      const candidate = await session.trial({
        index,
        params,
        seed: spec.validation.seed,
        signal: reporter.signal,
        onProgress: (iteration, loss) =>
          reporter.progress({ phase: 'training', trial: index + 1, trials: total, iteration, loss }),
      });
      candidate.log.forEach((line) => reporter.log(`${label}: ${line}`));
      trial.params = candidate.params;
      trial.trainingLoss = candidate.trainingLoss;
      reporter.progress({ phase: 'validating', trial: index + 1, trials: total });
      const predicted = await this.ports.evaluator.predict(candidate.onnx, data.holdout, {
        task,
        features: data.features,
        classes,
      });
      trial.metrics = computeMetrics(task, truth, predicted);
      const score = trial.metrics[spec.validation.metric];
      if (score === undefined || !Number.isFinite(score)) {
        throw badInput(`the model's outputs give no ${spec.validation.metric} on the holdout rows`);
      }
      trial.score = score;
      trial.state = 'succeeded';
      trial.durationMs = Date.now() - started;
      reporter.log(
        `${label}: ${spec.validation.metric} ${score} on ${data.holdout.rowCount} holdout rows (ONNX Runtime)`,
      );
      return { trial, onnx: candidate.onnx };
    } catch (error) {
      if (reporter.signal.aborted) {
        throw new RunAborted();
      }
      const failure = toFerryError(error);
      const output = failure.details?.log;
      if (Array.isArray(output)) {
        output.forEach((line) => reporter.log(`${label}: ${String(line)}`));
      }
      trial.error = failure.code === ErrorCode.INTERNAL ? `internal error: ${String(failure.cause)}` : failure.message;
      trial.durationMs = Date.now() - started;
      reporter.log(`${label}: failed: ${trial.error}`);
      return { trial, onnx: null };
    }
  }

  private async championOutcome(
    spec: Pipeline,
    registered: RegisteredVersion,
    data: TrainingData,
    truth: HoldoutTruth,
    classes: string[] | null,
    task: Task,
  ): Promise<ChampionOutcome> {
    const champion = await this.ports.registry.champion(spec.modelName, spec.promotion.alias);
    if (champion === null) {
      return { kind: 'none' };
    }
    if (champion.version === registered.version) {
      return { kind: 'challenger', version: champion.version };
    }
    try {
      const predicted = await this.ports.evaluator.predict(champion.onnx, data.holdout, {
        task,
        features: data.features,
        classes,
      });
      const score = computeMetrics(task, truth, predicted)[spec.validation.metric];
      if (score === undefined || !Number.isFinite(score)) {
        return {
          kind: 'unscorable',
          version: champion.version,
          reason: `its outputs give no ${spec.validation.metric}`,
        };
      }
      return { kind: 'scored', version: champion.version, score };
    } catch (error) {
      const failure = toFerryError(error);
      const reason = failure.code === ErrorCode.INTERNAL ? String(failure.cause) : failure.message;
      return { kind: 'unscorable', version: champion.version, reason };
    }
  }
}

function better(score: number, than: number, greaterIsBetter: boolean): boolean {
  return greaterIsBetter ? score > than : score < than;
}
