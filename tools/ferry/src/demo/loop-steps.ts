import { aliasOf, configureMonitor, deploymentStatus, driftReports, pushDataset, type TrainingRun } from './api';
import { USERS_PER_VERSION, WINDOW_SIZE, type DemoContext, type DriftAlert, type PredictionEvent } from './context';
import { EventLog } from './events';
import { finishedRun, verifyServing } from './setup-steps';
import { fmt, fmtInt, percent, seconds, StepFailure, until, verify, within, type StepOutcome } from './story';
import { LiveTraffic } from './traffic';
import { drawLabelledUsers, SHIFTED_FEATURES, toCsv } from './users';

const PREDICTIONS = `subscription($deployment: String!) {
  predictions(deployment: $deployment) { id deployment modelVersion kind rows { predictionId } }
}`;
const DRIFT_ALERTS = `subscription($deployment: String) {
  driftAlerts(deployment: $deployment) {
    reportId deployment drifting datasetDrift rows driftedFeatures modelVersion
    features { name method statistic threshold drifted }
  }
}`;

/** 6. Monitoring of the propensity deployment: small windows, compared with the model's training data. */
export async function configureMonitoring(ctx: DemoContext): Promise<StepOutcome> {
  const deployment = ctx.names.propensity.deployment;
  const monitor = await configureMonitor(ctx.client, deployment, WINDOW_SIZE);
  verify(monitor.windowSize === WINDOW_SIZE, `monitoring answered windowSize ${monitor.windowSize}`);
  verify(monitor.referenceKind === 'training', `monitoring answered reference ${monitor.referenceKind}`);
  return {
    done: `Configured monitoring of "${deployment}"`,
    verified: `windows of ${fmtInt(WINDOW_SIZE)} predictions, compared with the serving model's training data`,
  };
}

/** 7. Users like the training data, through the gateway; their predictions arrive on the subscription. */
export async function startLiveTraffic(ctx: DemoContext): Promise<StepOutcome> {
  const { client } = ctx;
  const deployment = ctx.names.propensity.deployment;
  const champion = requireChampion(ctx);
  const predictions = await EventLog.open<PredictionEvent>(client, 'predictions', PREDICTIONS, { deployment });
  const alerts = await EventLog.open<DriftAlert>(client, 'driftAlerts', DRIFT_ALERTS, { deployment });
  ctx.predictions = predictions;
  ctx.driftAlerts = alerts;
  const traffic = new LiveTraffic(client, ctx.random, ctx.answered, {
    deployment,
    concurrency: 2,
    usersPerRequest: 20,
    pauseMs: 5,
  });
  ctx.traffic = traffic;
  traffic.start();
  const reports = await until(
    30_000,
    'monitoring did not close two windows of live traffic',
    () => driftReports(client, deployment),
    (closed) => closed.length >= 2,
    (closed) => `${closed.length} windows`,
  );
  verify(
    reports.every((r) => !r.datasetDrift),
    `monitoring found drift in users drawn like the training data (windows ${reports.map((r) => r.window).join(', ')})`,
  );
  verify(alerts.events.length === 0, 'a drift alert arrived before the users changed');
  // Records may arrive before their HTTP answers: let every request in flight now come back before matching ids.
  const records = predictions.events.slice();
  await within(10_000, 'live traffic stalled', traffic.nextRound());
  verify(records.length > 0, 'no prediction record arrived on the subscription');
  const strangers = records.filter(
    (r) => r.kind !== 'live' || r.deployment !== deployment || r.modelVersion !== champion,
  );
  verify(
    strangers.length === 0,
    `a record on the subscription is not a live v${champion} prediction: ${JSON.stringify(strangers[0])}`,
  );
  const ids = records.flatMap((r) => r.rows.map((row) => row.predictionId));
  const unknown = ids.filter((id) => !ctx.answered.has(id));
  verify(unknown.length === 0, `${unknown.length} prediction ids on the subscription were never answered to a request`);
  verifyNoFailures(traffic);
  const versions = [...traffic.byVersion.keys()];
  verify(
    versions.length === 1 && versions[0] === champion,
    `requests were answered by v${versions.join(', v')}, not only v${champion}`,
  );
  return {
    done: `Sent live traffic to "${deployment}"`,
    verified:
      `${fmtInt(traffic.requests)} requests (${fmtInt(traffic.users)} users) answered by v${champion}; ` +
      `${fmtInt(records.length)} prediction records on the subscription, their ${fmtInt(ids.length)} prediction ids all ones the demo was answered; ` +
      `${reports.length} monitoring windows closed, no drift`,
  };
}

/**
 * 8. The live users change; monitoring's alert arrives on the subscription naming what changed. The window that
 * raised it may hold users from before the shift too, so the next window (only new users) must name every
 * shifted feature.
 */
export async function shiftUsers(ctx: DemoContext): Promise<StepOutcome> {
  const traffic = requireTraffic(ctx);
  const deployment = ctx.names.propensity.deployment;
  const alerts = ctx.driftAlerts as EventLog<DriftAlert>;
  const from = alerts.mark();
  const shiftedAt = Date.now();
  traffic.era = 'v2';
  const alert = await alerts.waitFor((a) => a.drifting, 30_000, 'no drift alert arrived on the subscription', from);
  const after = Date.now() - shiftedAt;
  verify(alert.datasetDrift, 'the alert says drifting but not dataset drift');
  const strongest = ['age', 'ad_clicks'].filter((f) => !alert.driftedFeatures.includes(f));
  verify(strongest.length === 0, `the alert names ${alert.driftedFeatures.join(', ')} but not ${strongest.join(', ')}`);
  const reports = await until(
    30_000,
    'monitoring did not close the window after the alert',
    () => driftReports(ctx.client, deployment),
    (all) => {
      const raised = all.find((r) => r.id === alert.reportId);
      return raised !== undefined && all.some((r) => r.window > raised.window);
    },
    (all) => `windows ${all.map((r) => r.window).join(', ')}`,
  );
  const raisedIn = reports.find((r) => r.id === alert.reportId)?.window ?? NaN;
  const next = reports.filter((r) => r.window > raisedIn).at(-1);
  const flagged = next?.features.filter((f) => f.drifted).map((f) => f.name) ?? [];
  const missing = SHIFTED_FEATURES.filter((f) => !flagged.includes(f));
  verify(
    missing.length === 0,
    `window ${next?.window} of new users flags ${flagged.join(', ')}, not ${missing.join(', ')}`,
  );
  verifyNoFailures(traffic);
  return {
    done: 'Shifted the live users (younger, mobile, far more ad clicks, more from BR and IN)',
    verified:
      `drift alert received on the subscription ${seconds(after)} later, naming ${alert.driftedFeatures.join(', ')}; ` +
      `the next window of ${fmtInt(next?.rows ?? 0)} new users flags ${flagged.join(', ')}`,
    details: alert.features.map(
      (f) =>
        `${f.drifted ? '⚠' : '·'} ${f.name.padEnd(18)} ${f.method.padEnd(14)} ${f.statistic.toFixed(3)} ${f.drifted ? '>' : '≤'} ${f.threshold}`,
    ),
  };
}

/** 9. The new users, labelled by what they did, pushed as the dataset's second version. */
export async function pushSecondVersion(ctx: DemoContext): Promise<StepOutcome & { runsFrom: number }> {
  const runsFrom = ctx.runUpdates.mark();
  const users = drawLabelledUsers(ctx.random, 'v2', USERS_PER_VERSION);
  const version = await pushDataset(ctx.client, ctx.names.dataset, toCsv(users));
  verify(version.version === 2, `the registry numbered the new version ${version.version}, not 2`);
  verify(version.rowCount === users.length, `the registry counted ${version.rowCount} rows, not ${users.length}`);
  const bought = users.filter((u) => u.purchased === 1).length;
  return {
    runsFrom,
    done: `Pushed dataset "${ctx.names.dataset}" v2`,
    verified: `${fmtInt(version.rowCount)} users after the shift (${percent(bought / users.length)} purchased; ad clicks now drive purchases)`,
  };
}

/** 10. The new version starts a run by itself; the challenger beats the champion on the new holdout. */
export async function retrainOnNewData(
  ctx: DemoContext,
  runsFrom: number,
): Promise<StepOutcome & { challenger: TrainingRun }> {
  const pipeline = ctx.names.propensity.pipeline;
  const champion = requireChampion(ctx);
  const triggered = await ctx.runUpdates.waitFor(
    (u) => u.pipeline === pipeline && u.trigger === 'dataset_version',
    30_000,
    `no run of ${pipeline} started from the new dataset version`,
    runsFrom,
  );
  const run = await finishedRun(ctx, triggered.runId, runsFrom);
  verify(run.state === 'succeeded', `run ${run.id} ended ${run.state}: ${run.error ?? 'no reason given'}`);
  verify(run.datasetVersionNumber === 2, `run ${run.id} trained on dataset v${run.datasetVersionNumber}, not v2`);
  const decision = run.decision;
  const version = run.modelVersion?.version;
  verify(decision !== null && version !== undefined, `run ${run.id} succeeded without a decision or a model version`);
  verify(
    decision.championVersion === champion,
    `the run judged against champion v${decision.championVersion}, not v${champion}`,
  );
  verify(
    decision.championScore !== null && decision.challengerScore > decision.championScore,
    `the challenger scored ${decision.challengerScore}, not better than the champion's ${decision.championScore}`,
  );
  verify(decision.promoted, `the better challenger was not promoted: ${decision.reason}`);
  return {
    challenger: run,
    done: `Retrained "${pipeline}" by itself on v2 (trigger ${run.trigger})`,
    verified: `challenger v${version} beats champion v${champion} on the new holdout: ${decision.metric} ${fmt(decision.challengerScore, 3)} vs ${fmt(decision.championScore, 3)} — promoted`,
    details: [`decision: ${decision.reason}`],
  };
}

/** 11. The registry's alias moved to the challenger, as its audit log says. */
export async function verifyAliasMoved(ctx: DemoContext, challenger: TrainingRun): Promise<StepOutcome> {
  const model = ctx.names.propensity.model;
  const champion = requireChampion(ctx);
  const version = challenger.modelVersion?.version;
  const alias = await aliasOf(ctx.client, model, 'production');
  verify(alias.version === version, `production points at v${alias.version}, not the challenger v${version}`);
  const last = alias.history[0];
  verify(
    last !== undefined && last.fromVersion === champion && last.toVersion === version,
    `the alias history's last move is ${JSON.stringify(last)}, not v${champion} → v${version}`,
  );
  return {
    done: `Alias production of "${model}" moved v${champion} → v${version}`,
    verified: `registry answers production = v${alias.version}; audit log: v${last.fromVersion} → v${last.toVersion} by ${last.actor ?? 'unknown'}`,
  };
}

/** 12. Inference follows the alias: the deployment serves the challenger while traffic keeps flowing. */
export async function verifySwap(ctx: DemoContext, challenger: TrainingRun): Promise<StepOutcome> {
  const traffic = requireTraffic(ctx);
  const deployment = ctx.names.propensity.deployment;
  const version = challenger.modelVersion?.version ?? NaN;
  const status = await until(
    30_000,
    `deployment ${deployment} did not start serving v${version}`,
    () => deploymentStatus(ctx.client, deployment),
    (routes) => routes.some((r) => r.alias === 'production' && r.servingVersion === version),
    (routes) => routes.map((r) => `${r.alias}: v${r.servingVersion}`).join(', '),
  );
  verifyServing(deployment, status, version);
  const predictions = ctx.predictions as EventLog<PredictionEvent>;
  await predictions.waitFor(
    (p) => p.modelVersion === version,
    15_000,
    `no prediction of v${version} on the subscription`,
  );
  await until(
    15_000,
    `no request was answered by v${version}`,
    () => Promise.resolve(traffic.byVersion.get(version) ?? 0),
    (answered) => answered >= 10,
  );
  verifyNoFailures(traffic);
  return {
    done: `Inference swapped "${deployment}" to v${version}`,
    verified: `deployment status serves v${version}, predictions on the subscription and answers to the traffic come from v${version}; 0 failed requests so far`,
  };
}

/** 13. Monitoring now compares the users with the new model's training data: the drift has cleared. */
export async function verifyDriftCleared(ctx: DemoContext, challenger: TrainingRun): Promise<StepOutcome> {
  const alerts = ctx.driftAlerts as EventLog<DriftAlert>;
  const version = challenger.modelVersion?.version;
  const cleared = await alerts.waitFor(
    (a) => !a.drifting && a.modelVersion === version,
    30_000,
    `no "drift cleared" alert for v${version}`,
  );
  return {
    done: 'Drift cleared',
    verified: `alert received: v${cleared.modelVersion} serves users like its training data (${cleared.driftedFeatures.length} of ${cleared.features.length} features drifted)`,
  };
}

/** 14. The traffic stops; every request it sent was answered. */
export async function stopTraffic(ctx: DemoContext, challenger: TrainingRun): Promise<StepOutcome> {
  const traffic = requireTraffic(ctx);
  await within(15_000, 'requests in flight did not come back', traffic.stop());
  const champion = requireChampion(ctx);
  const version = challenger.modelVersion?.version ?? NaN;
  verifyNoFailures(traffic);
  const byChampion = traffic.byVersion.get(champion) ?? 0;
  const byChallenger = traffic.byVersion.get(version) ?? 0;
  verify(byChampion > 0 && byChallenger > 0, `answers by v${champion}: ${byChampion}, by v${version}: ${byChallenger}`);
  verify(
    byChampion + byChallenger === traffic.requests,
    `of ${traffic.requests} requests ${byChampion + byChallenger} were answered by v${champion} or v${version}`,
  );
  return {
    done: 'Stopped the live traffic',
    verified:
      `${fmtInt(traffic.requests)} requests (${fmtInt(traffic.users)} users): ${fmtInt(byChampion)} answered by v${champion}, ` +
      `${fmtInt(byChallenger)} by v${version}, 0 failed requests; never more than ${traffic.longestGapMs} ms without an answer`,
  };
}

function verifyNoFailures(traffic: LiveTraffic): void {
  verify(
    traffic.failed === 0,
    `${traffic.failed} of ${traffic.requests} requests failed, first: ${traffic.failures[0]}`,
  );
}

function requireTraffic(ctx: DemoContext): LiveTraffic {
  if (ctx.traffic === undefined) {
    throw new StepFailure('no live traffic is running');
  }
  return ctx.traffic;
}

function requireChampion(ctx: DemoContext): number {
  const version = ctx.champion?.modelVersion?.version;
  if (version === undefined) {
    throw new StepFailure('no champion model was trained');
  }
  return version;
}
