import type { Role } from '@ferry/contracts';
import { internalSecretOf, signIdentity } from '@ferry/service-runtime';
import { errorCodes, graphql, TEST_DIALECTS } from '@ferry/testing';

import { createPipeline, ok, updatePipeline, usePlatform } from './support';

const VALID = {
  name: 'fraud',
  datasetName: 'transactions',
  target: 'label',
  trainer: { type: 'logistic_regression', params: { C: 0.5 } },
  modelName: 'fraud-model',
};

const PIPELINE_FIELDS = `id name description datasetName datasetVersion target features revision nextScheduledAt
  trainer { type params command timeoutSeconds } search { strategy space trials }
  validation { holdoutFraction seed metric greaterIsBetter } modelName
  promotion { alias policy minImprovement } triggers { onNewDatasetVersion onDriftOf schedule }`;

/** Inputs that must be refused, and the field each refusal must name. */
const BAD_INPUTS: Array<[string, Record<string, unknown>, string]> = [
  ['an invalid name', { name: 'no spaces!' }, 'name'],
  ['an unknown trainer', { trainer: { type: 'xgboost' } }, 'trainer.type'],
  ['a bad hyperparameter', { trainer: { type: 'kmeans', params: { k: 0 } }, target: null }, 'trainer.params.k'],
  ['an unknown hyperparameter', { trainer: { type: 'ridge', params: { gamma: 1 } } }, 'trainer.params.gamma'],
  ['a supervised trainer without target', { target: null }, 'target'],
  ['the target among the features', { features: ['amount', 'label'] }, 'features'],
  ['a metric of another task', { validation: { metric: 'rmse' } }, 'validation.metric'],
  ['an unknown metric', { validation: { metric: 'auc_pr' } }, 'validation.metric'],
  ['the wrong direction for the metric', { validation: { greaterIsBetter: false } }, 'validation.greaterIsBetter'],
  ['a holdout too large', { validation: { holdoutFraction: 0.95 } }, 'validation.holdoutFraction'],
  ['an unknown promotion policy', { promotion: { alias: 'production', policy: 'always' } }, 'promotion.policy'],
  [
    'a negative minimum improvement',
    { promotion: { alias: 'p', policy: 'if_better', minImprovement: -1 } },
    'promotion.minImprovement',
  ],
  ['a bad cron schedule', { triggers: { schedule: '61 * * * *' } }, 'triggers.schedule'],
  ['a cron schedule with 4 fields', { triggers: { schedule: '* * * *' } }, 'triggers.schedule'],
  ['a bad drift deployment name', { triggers: { onDriftOf: 'a b' } }, 'triggers.onDriftOf'],
  ['a range in a grid', { search: { strategy: 'grid', space: { C: { min: 0.1, max: 1 } } } }, 'search.space.C'],
  ['an invalid value in a search space', { search: { strategy: 'random', space: { C: [1, -1] } } }, 'search.space.C'],
  ['an unknown search strategy', { search: { strategy: 'bayes', space: { C: [1] } } }, 'search.strategy'],
  ['a trial budget of 0', { search: { strategy: 'random', space: { C: [1] }, trials: 0 } }, 'search.trials'],
  [
    'a command without a metric',
    { trainer: { type: 'command', command: ['python', 'train.py'] } },
    'validation.metric',
  ],
  [
    'a command trainer without a command',
    { trainer: { type: 'command' }, validation: { metric: 'accuracy' } },
    'trainer.command',
  ],
  ['a command for a built-in trainer', { trainer: { type: 'ridge', command: ['x'] } }, 'trainer.command'],
  ['a pinned version of 0', { datasetVersion: 0 }, 'datasetVersion'],
];

describe.each(TEST_DIALECTS)('pipelines on %s', (dialect) => {
  const platform = usePlatform('pipelines', dialect);

  it.each(BAD_INPUTS)(
    'refuses %s with BAD_USER_INPUT naming the field, storing nothing',
    async (_what, change, field) => {
      const response = await createPipeline(platform, { ...VALID, ...change });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe(field);
      const listed = ok(
        await graphql<{ pipelines: { totalCount: number } }>(platform.url, '{ pipelines { totalCount } }'),
      );
      expect(listed.pipelines.totalCount).toBe(0);
    },
  );

  it('creates a pipeline with defaults, refuses a second of the same name, and changes only what an update sends', async () => {
    const created = await graphql<{ createPipeline: Record<string, unknown> }>(
      platform.url,
      `mutation($i: CreatePipelineInput!) { createPipeline(input: $i) { ${PIPELINE_FIELDS} } }`,
      { i: { ...VALID, triggers: { onNewDatasetVersion: true, schedule: '*/15 * * * *' } } },
    );
    const pipeline = ok(created).createPipeline;
    expect(pipeline).toMatchObject({
      name: 'fraud',
      datasetVersion: null,
      features: null,
      revision: 1,
      trainer: { type: 'logistic_regression', params: { C: 0.5 }, command: null },
      search: null,
      validation: { holdoutFraction: 0.2, seed: 0, metric: 'accuracy', greaterIsBetter: true },
      promotion: { alias: 'production', policy: 'manual', minImprovement: 0 },
      triggers: { onNewDatasetVersion: true, onDriftOf: null, schedule: '*/15 * * * *' },
    });
    expect(new Date(String(pipeline.nextScheduledAt)).getUTCMinutes() % 15).toBe(0);

    expect(errorCodes(await createPipeline(platform, VALID))).toEqual(['CONFLICT']);

    await updatePipeline(platform, {
      name: 'fraud',
      validation: { metric: 'log_loss' },
      triggers: { schedule: null, onDriftOf: 'fraud-api' },
      search: { strategy: 'random', space: { C: { min: 0.01, max: 10, log: true } }, trials: 5 },
    });
    const read = ok(
      await graphql<{ pipeline: Record<string, unknown> }>(
        platform.url,
        `{ pipeline(name: "fraud") { ${PIPELINE_FIELDS} } }`,
      ),
    ).pipeline;
    expect(read).toMatchObject({
      revision: 2,
      trainer: { type: 'logistic_regression', params: { C: 0.5 } },
      validation: { metric: 'log_loss', greaterIsBetter: false, holdoutFraction: 0.2 },
      triggers: { onNewDatasetVersion: true, onDriftOf: 'fraud-api', schedule: null },
      search: { strategy: 'random', trials: 5, space: { C: { min: 0.01, max: 10, log: true, integer: false } } },
      nextScheduledAt: null,
    });

    const refused = await graphql(
      platform.url,
      'mutation { updatePipeline(input: { name: "fraud", trainer: { type: "kmeans", params: { k: -2 } } }) { revision } }',
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trainer.params.k' });
    const missing = await graphql(platform.url, '{ pipeline(name: "nope") { name } }');
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
    const unknownRun = await graphql(platform.url, 'mutation { triggerTrainingRun(pipeline: "nope") { id } }');
    expect(errorCodes(unknownRun)).toEqual(['NOT_FOUND']);
  });

  it('pages through pipelines by name', async () => {
    for (const name of ['p-a', 'p-b', 'p-c']) {
      ok(await createPipeline(platform, { ...VALID, name }));
    }
    const first = ok(
      await graphql<{
        pipelines: { nodes: Array<{ name: string }>; pageInfo: { endCursor: string; hasNextPage: boolean } };
      }>(platform.url, '{ pipelines(first: 2) { nodes { name } pageInfo { endCursor hasNextPage } } }'),
    ).pipelines;
    expect(first.nodes.map((p) => p.name)).toEqual(['fraud', 'p-a']);
    const rest = ok(
      await graphql<{ pipelines: { nodes: Array<{ name: string }>; pageInfo: { hasNextPage: boolean } } }>(
        platform.url,
        'query($a: String!) { pipelines(first: 10, after: $a) { nodes { name } pageInfo { hasNextPage } } }',
        { a: first.pageInfo.endCursor },
      ),
    ).pipelines;
    expect(rest.nodes.map((p) => p.name)).toEqual(['p-b', 'p-c']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });
});

describe('command trainers with authentication on', () => {
  const platform = usePlatform('pipelines-auth', 'sqlite', { env: { FERRY_AUTH: 'on' } });
  /** Headers of a request as the gateway sends it: the key's identity, signed with the internal secret. */
  const as = (role: Role) => signIdentity(internalSecretOf(platform.config), { id: `${role}-key`, role });
  const create = (input: Record<string, unknown>, headers: Record<string, string>) =>
    graphql<{ createPipeline: { name: string } }>(
      platform.url,
      'mutation($i: CreatePipelineInput!) { createPipeline(input: $i) { name } }',
      { i: input },
      headers,
    );

  it('refuses a request that does not come through the gateway', async () => {
    expect(errorCodes(await createPipeline(platform, VALID))).toEqual(['UNAUTHENTICATED']);
  });

  it('lets only an admin configure a command, and anyone allowed to create pipelines use the built-in trainers', async () => {
    const command = {
      ...VALID,
      name: 'scripted',
      trainer: { type: 'command', command: ['python', 'train.py'] },
      validation: { metric: 'accuracy' },
    };
    expect(errorCodes(await create(command, as('operator')))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await create(VALID, as('operator')))).toEqual([]);
    expect(errorCodes(await create(command, as('admin')))).toEqual([]);
    const listed = ok(
      await graphql<{ pipelines: { totalCount: number } }>(
        platform.url,
        '{ pipelines { totalCount } }',
        {},
        as('viewer'),
      ),
    );
    expect(listed.pipelines.totalCount).toBe(2);
  });
});
