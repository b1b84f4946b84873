import { errorCodes } from '@ferry/testing';

import {
  ADMIN_KEY,
  bearer,
  call,
  createKey,
  deployTrainedModel,
  ok,
  rows,
  subscribe,
  until,
  useGatewayPlatform,
  type GatewayPlatform,
  type Subscriber,
} from './support';

interface PredictionEvent {
  id: string;
  deployment: string;
  modelVersion: number;
  kind: string;
  rows: Array<{ predictionId: string; inputs: Record<string, number>; outputs: Record<string, unknown> }>;
}

/** The value of a gateway metric series (0 when absent). */
async function metric(platform: GatewayPlatform, series: string): Promise<number> {
  const text = await (await fetch(`${platform.gateway.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** Waits until the gateway has `count` open subscriptions of `field` (so that it listens on NATS). */
function listening(platform: GatewayPlatform, field: string, count = 1): Promise<void> {
  return until(async () => (await metric(platform, `ferry_gateway_subscriptions{field="${field}"}`)) >= count, 10_000);
}

describe('live subscriptions through the gateway (graphql-ws, fed from NATS, FERRY_AUTH=on)', () => {
  const platform = useGatewayPlatform('gateway-subs', {
    services: ['registry', 'inference', 'monitoring', 'training'],
    env: { FERRY_BATCH_PROGRESS_INTERVAL_MS: '100' },
  });
  let operator: string;
  let viewer: string;
  let datasetVersionId: string;
  let deployments: Subscriber;
  const open: Subscriber[] = [];
  const track = (subscriber: Subscriber) => {
    open.push(subscriber);
    return subscriber;
  };

  beforeAll(async () => {
    operator = await createKey(platform, 'ci', 'operator');
    viewer = await createKey(platform, 'screen', 'viewer');
    deployments = track(
      subscribe(
        platform,
        viewer,
        'subscription { deploymentEvents(name: "churn") { name modelName actor deleted revision traffic { alias weight } } }',
      ),
    );
    await listening(platform, 'deploymentEvents');
    datasetVersionId = await deployTrainedModel(platform, 'churn', operator);
  }, 120_000);

  afterAll(async () => {
    for (const subscriber of open) {
      await subscriber.dispose();
    }
  });

  it('shows the subscriptions in the one client schema', async () => {
    const schema = ok(
      await call<{
        __schema: { subscriptionType: { fields: Array<{ name: string; type: { ofType: { name: string } } }> } };
      }>(platform, viewer, '{ __schema { subscriptionType { fields { name type { ofType { name } } } } } }'),
    );
    expect(schema.__schema.subscriptionType.fields.map((f) => [f.name, f.type.ofType.name])).toEqual([
      ['predictions', 'PredictionEvent'],
      ['driftAlerts', 'DriftAlert'],
      ['trainingRunUpdates', 'TrainingRunUpdate'],
      ['batchPredictionProgress', 'BatchPredictionProgress'],
      ['deploymentEvents', 'DeploymentEvent'],
    ]);
  });

  it('streams deployment changes with the key that made them', async () => {
    const [created] = await deployments.received(1);
    expect(created?.deploymentEvents).toEqual({
      name: 'churn',
      modelName: 'churn',
      actor: 'ci',
      deleted: false,
      revision: 1,
      traffic: [{ alias: 'production', weight: 1 }],
    });
  });

  it('streams the predictions made through GraphQL, V2 REST and NATS request/reply', async () => {
    const predictions = track(
      subscribe(
        platform,
        viewer,
        'subscription($d: String!) { predictions(deployment: $d) { id deployment modelVersion kind rows { predictionId inputs outputs } } }',
        { d: 'churn' },
      ),
    );
    await listening(platform, 'predictions');
    const [viaGraphQL, viaV2, viaNats] = rows(3, 5);
    const graphqlAnswer = ok(
      await call<{ predict: { predictionIds: string[] } }>(
        platform,
        operator,
        'mutation($i: JSON!) { predict(deployment: "churn", inputs: $i) { predictionIds } }',
        { i: [viaGraphQL] },
      ),
    );
    const v2 = await fetch(`${platform.services.inference?.url}/v2/models/churn/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(operator) },
      body: JSON.stringify({
        inputs: Object.entries(viaV2 ?? {}).map(([name, value]) => ({
          name,
          shape: [1, 1],
          datatype: 'FP32',
          data: [value],
        })),
      }),
    });
    expect(v2.status).toBe(200);
    const v2Answer = (await v2.json()) as { parameters: { prediction_ids: string[] } };
    const reply = await platform.nc.request(
      `${platform.prefix}.inference.predict.churn`,
      JSON.stringify({ inputs: [viaNats] }),
      { timeout: 10_000 },
    );
    const natsAnswer = reply.json<{ predictionIds: string[] }>();

    const events = (await predictions.received(3)).map((e) => e.predictions as PredictionEvent);
    expect(events.map((e) => e.rows[0]?.predictionId)).toEqual([
      graphqlAnswer.predict.predictionIds[0],
      v2Answer.parameters.prediction_ids[0],
      natsAnswer.predictionIds[0],
    ]);
    for (const [event, input] of events.map((e, i) => [e, [viaGraphQL, viaV2, viaNats][i]] as const)) {
      expect(event).toMatchObject({ deployment: 'churn', modelVersion: 1, kind: 'live' });
      expect(event.rows).toHaveLength(1);
      for (const [name, value] of Object.entries(input ?? {})) {
        expect(event.rows[0]?.inputs[name]).toBeCloseTo(value, 5);
      }
      expect(Object.keys(event.rows[0]?.outputs ?? {}).length).toBeGreaterThan(0);
    }
    expect(predictions.errors).toEqual([]);
  });

  it('raises a drift alert when live inputs move away from the training data', async () => {
    const alerts = track(
      subscribe(
        platform,
        viewer,
        `subscription { driftAlerts(deployment: "churn") {
          deployment drifting reportId rows datasetDrift driftedFeatures features { name method drifted } } }`,
      ),
    );
    await listening(platform, 'driftAlerts');
    ok(
      await call(
        platform,
        operator,
        'mutation { configureMonitor(input: { deployment: "churn", windowSize: 300, windowSeconds: 0 }) { windowSize } }',
      ),
    );
    ok(
      await call(platform, operator, 'mutation($i: JSON!) { predict(deployment: "churn", inputs: $i) { requestId } }', {
        i: rows(300, 11, { shifted: 2, shift: 1.5 }),
      }),
    );
    const [alert] = await alerts.received(1, 60_000);
    expect(alert?.driftAlerts).toMatchObject({
      deployment: 'churn',
      drifting: true,
      datasetDrift: true,
      driftedFeatures: ['f0', 'f1'],
    });
    const report = ok(
      await call<{ driftReports: Array<{ id: string }> }>(
        platform,
        viewer,
        '{ driftReports(deployment: "churn", first: 1) { id } }',
      ),
    );
    expect((alert?.driftAlerts as { reportId: string }).reportId).toBe(report.driftReports[0]?.id);
  });

  it("follows a batch prediction job's progress to its end", async () => {
    const started = ok(
      await call<{ startBatchPrediction: { id: string } }>(
        platform,
        operator,
        'mutation($i: StartBatchPredictionInput!) { startBatchPrediction(input: $i) { id } }',
        { i: { deployment: 'churn', datasetVersionId, chunkSize: 1 } },
      ),
    );
    const progress = track(
      subscribe(
        platform,
        viewer,
        'subscription($id: ID!) { batchPredictionProgress(id: $id) { id state rowsDone rowsTotal progress } }',
        { id: started.startBatchPrediction.id },
      ),
    );
    await until(() =>
      progress.events.some((e) => (e.batchPredictionProgress as { state: string }).state === 'succeeded'),
    );
    const events = progress.events.map((e) => e.batchPredictionProgress as { id: string; rowsDone: number });
    expect(events.every((e) => e.id === started.startBatchPrediction.id)).toBe(true);
    expect(events.at(-1)).toMatchObject({ state: 'succeeded', rowsDone: 1000, rowsTotal: 1000, progress: 1 });
  });

  it('streams the updates of a training run until it finishes', async () => {
    ok(
      await call(platform, operator, 'mutation($i: CreatePipelineInput!) { createPipeline(input: $i) { name } }', {
        i: {
          name: 'churn-retrain',
          datasetName: 'churn-training',
          target: 'label',
          trainer: { type: 'logistic_regression' },
          modelName: 'churn',
        },
      }),
    );
    const updates = track(
      subscribe(
        platform,
        viewer,
        'subscription { trainingRunUpdates(pipeline: "churn-retrain") { runId pipeline state trigger modelVersion { version } } }',
      ),
    );
    await listening(platform, 'trainingRunUpdates');
    const run = ok(
      await call<{ triggerTrainingRun: { id: string } }>(
        platform,
        operator,
        'mutation { triggerTrainingRun(pipeline: "churn-retrain") { id } }',
      ),
    );
    await until(
      () => updates.events.some((e) => (e.trainingRunUpdates as { state: string }).state === 'succeeded'),
      60_000,
    );
    const states = updates.events.map((e) => e.trainingRunUpdates as { runId: string; state: string });
    expect(states.every((s) => s.runId === run.triggerTrainingRun.id)).toBe(true);
    expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['queued', 'running', 'succeeded']));
    expect(updates.events.at(-1)?.trainingRunUpdates).toMatchObject({
      pipeline: 'churn-retrain',
      trigger: 'manual',
      modelVersion: { version: 2 },
    });
  });

  it('refuses a subscription without a key, or with a wrong one, at connection (4401)', async () => {
    for (const key of [undefined, 'fry_wrong']) {
      const refused = subscribe(platform, key, 'subscription { deploymentEvents { name } }');
      expect((await refused.closed).code).toBe(4401);
      expect(refused.events).toEqual([]);
    }
    expect(await metric(platform, 'ferry_gateway_refused_total{code="UNAUTHENTICATED"}')).toBeGreaterThanOrEqual(2);
  });

  it('answers bad subscription arguments with BAD_USER_INPUT, and runs queries and mutations over the socket', async () => {
    const bad = track(
      subscribe(platform, viewer, 'subscription { predictions(deployment: "churn", sample: 2) { id } }'),
    );
    await until(() => bad.errors.length > 0, 10_000);
    expect(bad.errors.map((e) => (e as { extensions: { code: string } }).extensions.code)).toEqual(['BAD_USER_INPUT']);
    const query = track(subscribe(platform, viewer, '{ deployment(name: "churn") { name createdBy } }'));
    const [answer] = await query.received(1);
    expect(answer).toEqual({ deployment: { name: 'churn', createdBy: 'ci' } });
    const mutation = track(subscribe(platform, viewer, 'mutation { deleteDeployment(name: "churn") { name } }'));
    await until(() => mutation.errors.length > 0, 10_000);
    expect(mutation.errors.map((e) => (e as { extensions: { code: string } }).extensions.code)).toEqual(['FORBIDDEN']);
  });

  it('closes the subscriptions of a key when it is revoked (4403)', async () => {
    const doomedKey = await createKey(platform, 'doomed', 'viewer');
    const doomed = subscribe(platform, doomedKey, 'subscription { deploymentEvents { name } }');
    await listening(platform, 'deploymentEvents', 2);
    const keys = ok(
      await call<{ apiKeys: Array<{ id: string; name: string }> }>(platform, ADMIN_KEY, '{ apiKeys { id name } }'),
    );
    const id = keys.apiKeys.find((k) => k.name === 'doomed')?.id;
    ok(await call(platform, ADMIN_KEY, 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id }));
    expect((await doomed.closed).code).toBe(4403);
    expect(errorCodes(await call(platform, doomedKey, '{ viewer { name } }'))).toEqual(['UNAUTHENTICATED']);
  });
});
