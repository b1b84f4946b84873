import type { FerryClient } from '../client/client';
import { ExitCode, FerryApiError } from '../client/errors';
import type { Command, Output } from '../command';
import { intOption } from '../args';
import { ProgressBar } from '../output/progress';
import { cell, formatNumber, renderFields } from '../output/table';
import { watchUntilFinal } from './watch';

interface RunProgress {
  phase: string;
  trial: number | null;
  trials: number | null;
  iteration: number | null;
  loss: number | null;
}

export interface RunView {
  id: string;
  pipelineName: string;
  state: string;
  trigger: string;
  progress: RunProgress;
  metrics: Record<string, unknown> | null;
  decision: Record<string, unknown> | null;
  modelVersion: { modelName: string; version: number } | null;
  error: string | null;
  durationSeconds: number | null;
}

export const RUN_FIELDS =
  'id pipelineName state trigger progress { phase trial trials iteration loss } metrics decision modelVersion { modelName version } error durationSeconds';

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);
const PHASES = ['queued', 'starting', 'loading_data', 'training', 'validating', 'registering', 'promoting', 'finished'];

/** How far a run is, from its phase (and trial, while training). */
function fractionOf(run: Pick<RunView, 'state' | 'progress'>): number {
  if (FINAL.has(run.state)) {
    return 1;
  }
  const index = Math.max(0, PHASES.indexOf(run.progress.phase));
  const step = 1 / (PHASES.length - 1);
  const withinTraining =
    run.progress.phase === 'training' && run.progress.trials
      ? ((run.progress.trial ?? 1) - 1) / run.progress.trials
      : 0;
  return Math.min(1, (index + withinTraining) * step);
}

function labelOf(run: Pick<RunView, 'state' | 'progress' | 'pipelineName'>): string {
  const p = run.progress;
  const parts = [FINAL.has(run.state) ? run.state : p.phase.replace('_', ' ')];
  if (p.trials !== null && p.trials > 1) {
    parts.push(`trial ${p.trial ?? '?'}/${p.trials}`);
  }
  if (p.iteration !== null) {
    parts.push(`iteration ${p.iteration}`);
  }
  if (p.loss !== null) {
    parts.push(`loss ${formatNumber(p.loss)}`);
  }
  return `${parts.join(' · ')} (${run.pipelineName})`;
}

async function runById(client: FerryClient, id: string): Promise<RunView> {
  const { trainingRun } = await client.request<{ trainingRun: RunView | null }>(
    `query($id: ID!) { trainingRun(id: $id) { ${RUN_FIELDS} } }`,
    { id },
  );
  if (trainingRun === null) {
    throw new FerryApiError('NOT_FOUND', `no training run with id ${id}`);
  }
  return trainingRun;
}

/** The finished run in a few lines: the outcome, its metrics, and the promotion decision. */
export function renderRun(run: RunView): string {
  const decision = run.decision ?? {};
  const promoted = decision.promoted === true;
  const verdict =
    run.decision === null
      ? '-'
      : `${promoted ? 'promoted' : 'not promoted'}: ${cell(decision.reason)} (${cell(decision.metric)} challenger ${cell(
          decision.challengerScore,
        )} vs champion ${cell(decision.championScore)})`;
  return renderFields([
    ['run', run.id],
    ['pipeline', run.pipelineName],
    ['state', run.state],
    ['trigger', run.trigger],
    ['duration', run.durationSeconds === null ? null : `${run.durationSeconds.toFixed(1)} s`],
    ['model version', run.modelVersion ? `${run.modelVersion.modelName} v${run.modelVersion.version}` : null],
    ['metrics', run.metrics],
    ['decision', verdict],
    ...(run.error === null ? [] : ([['error', run.error]] as [string, unknown][])),
  ]);
}

/**
 * Follows a run to its end with a progress bar (stderr), then prints it; answers 0 when it succeeded, 1 when it
 * failed or was cancelled. With `--json`: one JSON line per update, then the final run.
 */
export async function watchRun(client: FerryClient, id: string, out: Output, timeoutMs: number): Promise<number> {
  const first = await runById(client, id);
  const bar = new ProgressBar();
  let final: RunView;
  try {
    final = await watchUntilFinal<{ trainingRunUpdates: RunView & { runId: string; pipeline: string } }, RunView>({
      client,
      query: `subscription($pipeline: String) { trainingRunUpdates(pipeline: $pipeline) {
        runId pipeline state trigger progress { phase trial trials iteration loss } metrics decision error } }`,
      variables: { pipeline: first.pipelineName },
      fetch: () => runById(client, id),
      fromEvent: ({ trainingRunUpdates: update }) =>
        update.runId !== id
          ? undefined
          : {
              ...first,
              ...update,
              id,
              pipelineName: update.pipeline,
              progress: update.progress ?? first.progress,
            },
      isFinal: (run) => FINAL.has(run.state),
      onState: (run) => {
        if (out.json) {
          out.event({ runId: id, state: run.state, progress: run.progress }, () => '');
        } else {
          bar.update(fractionOf(run), labelOf(run));
        }
      },
      timeoutMs,
      what: `training run ${id}`,
    });
  } finally {
    bar.done();
  }
  // The event says the run ended; the query has everything it recorded (duration, model version, decision).
  const run = await runById(client, final.id);
  out.event(run, () => renderRun(run));
  return run.state === 'succeeded' ? ExitCode.OK : ExitCode.FAILED;
}

export const runsWatch: Command = {
  words: ['runs', 'watch'],
  args: 'RUN_ID',
  summary: 'follow a training run live (progress bar); exit 0 when it succeeds, 1 when it fails',
  options: { timeout: { type: 'string' } },
  optionHelp: { timeout: 'give up after this many seconds (default 3600)' },
  positionals: { min: 1, max: 1 },
  run: ({ client, values, positionals, out }) =>
    watchRun(client, positionals[0] ?? '', out, (intOption(values, 'timeout', 1) ?? 3600) * 1000),
};

export const runsShow: Command = {
  words: ['runs', 'show'],
  args: 'RUN_ID',
  summary: 'show a training run: state, metrics, the promotion decision',
  positionals: { min: 1, max: 1 },
  async run({ client, positionals, out }) {
    const run = await runById(client, positionals[0] ?? '');
    out.result(run, () => renderRun(run));
  },
};
