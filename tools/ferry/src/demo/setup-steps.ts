import {
  aliasOf,
  createDeployment,
  createPipeline,
  predict,
  pushDataset,
  trainingRun,
  triggerRun,
  type RouteStatus,
  type TrainingRun,
} from './api';
import { SEGMENTS, USERS_PER_VERSION, type DemoContext, type RunUpdate } from './context';
import { fmt, fmtInt, percent, verify, type StepOutcome } from './story';
import { drawLabelledUsers, drawUser, FEATURES, TARGET, toCsv, type User } from './users';

const FINAL_STATES = new Set(['succeeded', 'failed', 'cancelled']);
const CATEGORICAL = new Set<string>(['country', 'device']);
/** How long one training run may take, from trigger to its final state. */
export const RUN_TIMEOUT_MS = 90_000;

/** 1. The users before the shift, pushed as the dataset's first version. */
export async function pushFirstVersion(ctx: DemoContext): Promise<StepOutcome> {
  const users = drawLabelledUsers(ctx.random, 'v1', USERS_PER_VERSION);
  const version = await pushDataset(ctx.client, ctx.names.dataset, toCsv(users));
  verify(version.version === 1, `the registry numbered the first version ${version.version}, not 1`);
  verify(version.rowCount === users.length, `the registry counted ${version.rowCount} rows, not ${users.length}`);
  for (const column of [...FEATURES, TARGET]) {
    const inferred = version.schema.find((c) => c.name === column)?.type;
    const expected = CATEGORICAL.has(column) ? 'categorical' : 'numeric';
    verify(
      inferred === expected,
      `the registry inferred column ${column} as ${inferred ?? 'missing'}, not ${expected}`,
    );
  }
  const bought = users.filter((u) => u.purchased === 1).length;
  return {
    done: `Pushed dataset "${ctx.names.dataset}" v1`,
    verified: `${fmtInt(version.rowCount)} users (${percent(bought / users.length)} purchased); registry inferred ${version.schema.length} columns: ${version.schema.map((c) => `${c.name} ${c.type}`).join(', ')}`,
  };
}

/** 2. Two pipelines on the dataset: segments (k-means) and purchase propensity (logistic regression). */
export async function createPipelines(ctx: DemoContext): Promise<StepOutcome> {
  const { names } = ctx;
  const promotion = { alias: 'production', policy: 'if_better' };
  const segments = await createPipeline(ctx.client, {
    name: names.segments.pipeline,
    datasetName: names.dataset,
    features: [...FEATURES],
    trainer: { type: 'kmeans', params: { k: SEGMENTS } },
    modelName: names.segments.model,
    promotion,
  });
  const propensity = await createPipeline(ctx.client, {
    name: names.propensity.pipeline,
    datasetName: names.dataset,
    target: TARGET,
    features: [...FEATURES],
    trainer: { type: 'logistic_regression', params: { C: 1 } },
    modelName: names.propensity.model,
    promotion,
    triggers: { onNewDatasetVersion: true },
  });
  for (const pipeline of [segments, propensity]) {
    verify(
      pipeline.promotion.alias === 'production' && pipeline.promotion.policy === 'if_better',
      `pipeline ${pipeline.name} answered promotion ${JSON.stringify(pipeline.promotion)}`,
    );
  }
  verify(segments.trainer.type === 'kmeans', `pipeline ${segments.name} answered trainer ${segments.trainer.type}`);
  verify(
    propensity.trainer.type === 'logistic_regression' && propensity.triggers.onNewDatasetVersion,
    `pipeline ${propensity.name} answered trainer ${propensity.trainer.type}, triggers ${JSON.stringify(propensity.triggers)}`,
  );
  return {
    done: `Created pipelines "${segments.name}" and "${propensity.name}"`,
    verified: 'both promote to alias production only if better',
    details: [
      `${segments.name}: kmeans k=${SEGMENTS} on ${FEATURES.length} features → model ${names.segments.model}`,
      `${propensity.name}: logistic_regression → ${TARGET}, model ${names.propensity.model}; retrains on every new version of ${names.dataset}`,
    ],
  };
}

/** 3 and 4. A manual run of a pipeline, watched on the subscription, that must promote its model. */
export async function trainFirstModel(
  ctx: DemoContext,
  which: 'segments' | 'propensity',
): Promise<StepOutcome & { run: TrainingRun }> {
  const names = ctx.names[which];
  const queued = await triggerRun(ctx.client, names.pipeline);
  const run = await finishedRun(ctx, queued.id);
  verify(run.state === 'succeeded', `run ${run.id} ended ${run.state}: ${run.error ?? 'no reason given'}`);
  const version = run.modelVersion?.version;
  verify(version !== undefined, `run ${run.id} succeeded without registering a model version`);
  verify(run.decision?.promoted === true, `run ${run.id} did not promote: ${run.decision?.reason ?? 'no decision'}`);
  const alias = await aliasOf(ctx.client, names.model, 'production');
  verify(alias.version === version, `the registry's production alias points at v${alias.version}, not v${version}`);
  const metrics = run.metrics ?? {};
  const scores =
    which === 'segments'
      ? `k=${String(run.trials[0]?.params.k)}, inertia ${fmt(metrics.inertia, 1)} on the holdout`
      : `accuracy ${fmt(metrics.accuracy, 3)}, ROC AUC ${fmt(metrics.roc_auc, 3)} on the holdout`;
  return {
    run,
    done: `Trained "${names.pipeline}" v${version}`,
    verified: `${scores}; alias production → v${alias.version}`,
  };
}

/** 5. Both models deployed, following alias production; each answers a first batch of users. */
export async function deployBoth(ctx: DemoContext): Promise<StepOutcome> {
  const { names } = ctx;
  const segments = await createDeployment(ctx.client, names.segments.deployment, names.segments.model);
  const propensity = await createDeployment(ctx.client, names.propensity.deployment, names.propensity.model);
  const segmentsAlias = await aliasOf(ctx.client, names.segments.model, 'production');
  const propensityAlias = await aliasOf(ctx.client, names.propensity.model, 'production');
  verifyServing(names.segments.deployment, segments, segmentsAlias.version);
  verifyServing(names.propensity.deployment, propensity, propensityAlias.version);
  const users = Array.from({ length: 200 }, () => drawUser(ctx.random, 'v1'));
  const segmented = await predict(ctx.client, names.segments.deployment, users);
  const scored = await predict(ctx.client, names.propensity.deployment, users);
  verify(segmented.rows.length === users.length, `segments answered ${segmented.rows.length} rows for ${users.length}`);
  verify(scored.rows.length === users.length, `propensity answered ${scored.rows.length} rows for ${users.length}`);
  scored.predictionIds.forEach((id) => ctx.answered.add(id));
  const labels = segmented.rows.map((row) => Number(row.label));
  verify(
    labels.every((label) => Number.isInteger(label) && label >= 0 && label < SEGMENTS),
    `segments answered labels outside 0…${SEGMENTS - 1}`,
  );
  const probabilities = scored.rows.map((row) => (row.probabilities as number[] | undefined)?.[1] ?? NaN);
  verify(
    probabilities.every((p) => p >= 0 && p <= 1),
    'propensity answered rows without a purchase probability in [0, 1]',
  );
  const likely = probabilities.filter((p) => p >= 0.5).length;
  return {
    done: `Deployed "${names.segments.deployment}" and "${names.propensity.deployment}" following alias production`,
    verified: `each serves what production points at (v${segmentsAlias.version}, v${propensityAlias.version}); 200 users scored: ${likely} likely buyers (p ≥ 0.5), segments ${segmentSizes(labels)}`,
    details: segmentProfiles(users, labels),
  };
}

/** Waits on the subscription for the run's final state, then reads the run as the training service stored it. */
export async function finishedRun(ctx: DemoContext, runId: string, from = 0): Promise<TrainingRun> {
  await ctx.runUpdates.waitFor(
    (update: RunUpdate) => update.runId === runId && FINAL_STATES.has(update.state),
    RUN_TIMEOUT_MS,
    `training run ${runId} did not finish`,
    from,
  );
  return trainingRun(ctx.client, runId);
}

export function verifyServing(deployment: string, status: RouteStatus[], version: number | null): void {
  const route = status.find((r) => r.alias === 'production');
  verify(route !== undefined, `deployment ${deployment} has no route following production`);
  verify(
    route.servingVersion === version,
    `deployment ${deployment} serves v${route.servingVersion ?? 'none'}, not v${version ?? 'none'}${route.error ? ` (${route.error})` : ''}`,
  );
}

function segmentSizes(labels: number[]): string {
  return Array.from({ length: SEGMENTS }, (_, s) => `#${s} ${labels.filter((l) => l === s).length}`).join(', ');
}

/** What the platform's segments look like, from the users' own features. */
function segmentProfiles(users: User[], labels: number[]): string[] {
  const lines: string[] = [];
  for (let s = 0; s < SEGMENTS; s++) {
    const members = users.filter((_, i) => labels[i] === s);
    if (members.length === 0) {
      continue;
    }
    const mean = (pick: (u: User) => number): number => members.reduce((sum, u) => sum + pick(u), 0) / members.length;
    const mobile = members.filter((u) => u.device === 'mobile').length / members.length;
    lines.push(
      `segment #${s}: age ${mean((u) => u.age).toFixed(0)}, ${mean((u) => u.sessions_per_week).toFixed(1)} sessions/week, ` +
        `order $${mean((u) => u.avg_order_value).toFixed(0)}, ${mean((u) => u.ad_clicks).toFixed(1)} ad clicks, ${percent(mobile)} mobile`,
    );
  }
  return lines;
}
