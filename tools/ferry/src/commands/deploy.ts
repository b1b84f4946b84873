import type { FerryClient } from '../client/client';
import { FerryApiError, usage } from '../client/errors';
import type { Command, CommandContext, OptionSpec } from '../command';
import { intOption, numberOption, stringOption, versionOrAlias } from '../args';
import { renderFields, renderTable } from '../output/table';

interface Target {
  alias: string | null;
  version: number | null;
}

interface DeploymentView {
  name: string;
  modelName: string;
  revision: number;
  traffic: (Target & { weight: number })[];
  shadow: Target | null;
  batching: { maxBatchSize: number; maxQueueDelayMs: number };
  logSampleRate: number;
  updatedAt: string;
  status: {
    alias: string | null;
    pinnedVersion: number | null;
    weight: number;
    shadow: boolean;
    servingVersion: number | null;
    error: string | null;
    served: number;
  }[];
}

const DEPLOYMENT_FIELDS = `name modelName revision traffic { alias version weight } shadow { alias version }
  batching { maxBatchSize maxQueueDelayMs } logSampleRate updatedAt
  status { alias pinnedVersion weight shadow servingVersion error served }`;

const targetText = (target: Target): string => (target.alias !== null ? target.alias : `v${target.version ?? '?'}`);

/** The deployment and, per route, what it serves right now. */
function renderDeployment(deployment: DeploymentView): string {
  return [
    renderFields([
      ['deployment', `${deployment.name} (revision ${deployment.revision})`],
      ['model', deployment.modelName],
      ['shadow', deployment.shadow ? targetText(deployment.shadow) : '-'],
      ['batching', `up to ${deployment.batching.maxBatchSize} rows, ${deployment.batching.maxQueueDelayMs} ms`],
      ['log sample rate', deployment.logSampleRate],
    ]),
    '',
    renderTable(deployment.status, [
      { header: 'route', value: (s) => (s.shadow ? 'shadow' : 'live') },
      { header: 'target', value: (s) => (s.alias !== null ? s.alias : `v${s.pinnedVersion ?? '?'}`) },
      { header: 'weight', value: (s) => (s.shadow ? '-' : s.weight), right: true },
      { header: 'serving', value: (s) => (s.servingVersion === null ? 'not serving' : `v${s.servingVersion}`) },
      { header: 'served', value: (s) => s.served, right: true },
      { header: 'error', value: (s) => s.error },
    ]),
  ].join('\n');
}

const SPEC_OPTIONS: OptionSpec = {
  model: { type: 'string' },
  alias: { type: 'string' },
  version: { type: 'string' },
  'shadow-alias': { type: 'string' },
  'shadow-version': { type: 'string' },
  'no-shadow': { type: 'boolean' },
  'max-batch-size': { type: 'string' },
  'max-queue-delay-ms': { type: 'string' },
  'log-sample-rate': { type: 'string' },
};

const SPEC_HELP: Record<string, string> = {
  model: 'the registered model it serves',
  alias: 'serve the version this alias points at, following it as it moves (e.g. production)',
  version: 'serve this version, pinned',
  'shadow-alias': 'also run this alias on a copy of every request (answers not returned)',
  'shadow-version': 'also run this version as a shadow',
  'no-shadow': 'remove the shadow',
  'max-batch-size': 'dynamic batching: most rows per ONNX Runtime call (1 turns batching off)',
  'max-queue-delay-ms': 'dynamic batching: longest a request waits for company',
  'log-sample-rate': 'share of predictions logged for monitoring, in [0, 1]',
};

/** The DeploymentInput fields the options set (only those given, so `update` changes nothing else). */
function specOf(values: CommandContext['values']): Record<string, unknown> {
  const input: Record<string, unknown> = { ...versionOrAlias(values) };
  const model = stringOption(values, 'model');
  if (model !== undefined) {
    input.modelName = model;
  }
  const shadowAlias = stringOption(values, 'shadow-alias');
  const shadowVersion = intOption(values, 'shadow-version', 1);
  if (shadowAlias !== undefined && shadowVersion !== undefined) {
    throw usage('give --shadow-alias or --shadow-version, not both');
  }
  if (values['no-shadow'] === true) {
    if (shadowAlias !== undefined || shadowVersion !== undefined) {
      throw usage('--no-shadow cannot go with a shadow target');
    }
    input.shadow = null;
  } else if (shadowAlias !== undefined || shadowVersion !== undefined) {
    input.shadow = shadowAlias !== undefined ? { alias: shadowAlias } : { version: shadowVersion };
  }
  const maxBatchSize = intOption(values, 'max-batch-size', 1);
  const maxQueueDelayMs = numberOption(values, 'max-queue-delay-ms');
  if (maxBatchSize !== undefined || maxQueueDelayMs !== undefined) {
    input.batching = { maxBatchSize, maxQueueDelayMs };
  }
  const rate = numberOption(values, 'log-sample-rate');
  if (rate !== undefined) {
    input.logSampleRate = rate;
  }
  return input;
}

async function update(client: FerryClient, input: Record<string, unknown>): Promise<DeploymentView> {
  const { updateDeployment } = await client.request<{ updateDeployment: DeploymentView }>(
    `mutation($input: DeploymentInput!) { updateDeployment(input: $input) { ${DEPLOYMENT_FIELDS} } }`,
    { input },
  );
  return updateDeployment;
}

async function deploymentNamed(client: FerryClient, name: string): Promise<DeploymentView> {
  const { deployment } = await client.request<{ deployment: DeploymentView | null }>(
    `query($name: String!) { deployment(name: $name) { ${DEPLOYMENT_FIELDS} } }`,
    { name },
  );
  if (deployment === null) {
    throw new FerryApiError('NOT_FOUND', `no deployment named "${name}" (ferry deploy list)`);
  }
  return deployment;
}

export const deployCreate: Command = {
  words: ['deploy', 'create'],
  args: 'NAME',
  summary: 'serve a model: an alias (followed as it moves) or a pinned version, with an optional shadow',
  options: SPEC_OPTIONS,
  optionHelp: SPEC_HELP,
  positionals: { min: 1, max: 1 },
  async run({ client, values, positionals, out }) {
    const input: Record<string, unknown> = { name: positionals[0], ...specOf(values) };
    if (input.modelName === undefined) {
      throw usage('--model is required');
    }
    if (input.alias === undefined && input.version === undefined) {
      throw usage('give --alias (e.g. production) or --version');
    }
    const { createDeployment } = await client.request<{ createDeployment: DeploymentView }>(
      `mutation($input: DeploymentInput!) { createDeployment(input: $input) { ${DEPLOYMENT_FIELDS} } }`,
      { input },
    );
    out.result(createDeployment, () => renderDeployment(createDeployment));
  },
};

export const deployUpdate: Command = {
  words: ['deploy', 'update'],
  args: 'NAME',
  summary: 'change what a deployment serves (only the options given change); swapped without a failed request',
  options: SPEC_OPTIONS,
  optionHelp: SPEC_HELP,
  positionals: { min: 1, max: 1 },
  async run({ client, values, positionals, out }) {
    const spec = specOf(values);
    if (Object.keys(spec).length === 0) {
      throw usage('nothing to change: give --alias, --version, a shadow, batching or --log-sample-rate');
    }
    const deployment = await update(client, { name: positionals[0], ...spec });
    out.result(deployment, () => renderDeployment(deployment));
  },
};

export const deploySplit: Command = {
  words: ['deploy', 'split'],
  args: 'NAME ROUTE=WEIGHT...',
  summary: 'split traffic between versions or aliases, e.g. `production=90 v4=10` (weights are relative)',
  positionals: { min: 2, max: 20 },
  async run({ client, positionals, out }) {
    const [name, ...routes] = positionals;
    const traffic = routes.map(parseRoute);
    const deployment = await update(client, { name, traffic });
    out.result(deployment, () => renderDeployment(deployment));
  },
};

export const deployRollback: Command = {
  words: ['deploy', 'rollback'],
  args: 'NAME',
  summary:
    'serve the version served before: an alias route moves its alias back (alias history), a pinned one pins the previous version',
  options: { to: { type: 'string' } },
  optionHelp: { to: 'the version to go back to (default: the one before)' },
  positionals: { min: 1, max: 1 },
  async run({ client, values, positionals, out }) {
    const name = positionals[0] ?? '';
    const deployment = await deploymentNamed(client, name);
    if (deployment.traffic.length !== 1) {
      throw usage(
        `"${name}" splits traffic over ${deployment.traffic.length} routes: set the split you want with ferry deploy split`,
      );
    }
    const route = deployment.traffic[0]!;
    const to = intOption(values, 'to', 1);
    if (route.alias !== null) {
      const version = to ?? (await previousAliasVersion(client, deployment.modelName, route.alias));
      await client.request('mutation($input: SetModelAliasInput!) { setModelAlias(input: $input) { name version } }', {
        input: { modelName: deployment.modelName, alias: route.alias, version },
      });
      const after = await waitUntilServing(client, name, version);
      out.result({ ...after, rolledBackTo: version, alias: route.alias }, () =>
        [`${deployment.modelName}:${route.alias} → v${version}`, '', renderDeployment(after)].join('\n'),
      );
      return;
    }
    const version = to ?? (await previousReadyVersion(client, deployment.modelName, route.version ?? 0));
    const after = await update(client, { name, version });
    out.result({ ...after, rolledBackTo: version }, () =>
      [`pinned to v${version}`, '', renderDeployment(after)].join('\n'),
    );
  },
};

export const deployList: Command = {
  words: ['deploy', 'list'],
  args: '',
  summary: 'list deployments and the versions they serve',
  positionals: { min: 0, max: 0 },
  async run({ client, out }) {
    const { deployments } = await client.request<{ deployments: { nodes: DeploymentView[] } }>(
      `{ deployments(first: 100) { nodes { ${DEPLOYMENT_FIELDS} } } }`,
    );
    out.result(deployments.nodes, () =>
      deployments.nodes.length === 0
        ? 'no deployments yet (ferry deploy create NAME --model MODEL --alias production)'
        : renderTable(deployments.nodes, [
            { header: 'name', value: (d) => d.name },
            { header: 'model', value: (d) => d.modelName },
            { header: 'traffic', value: (d) => d.traffic.map((t) => `${targetText(t)}=${t.weight}`).join(' ') },
            {
              header: 'serving',
              value: (d) =>
                d.status
                  .filter((s) => !s.shadow)
                  .map((s) => (s.servingVersion === null ? 'none' : `v${s.servingVersion}`))
                  .join(' '),
            },
            { header: 'shadow', value: (d) => (d.shadow ? targetText(d.shadow) : '-') },
            { header: 'updated', value: (d) => d.updatedAt },
          ]),
    );
  },
};

export const deployShow: Command = {
  words: ['deploy', 'show'],
  args: 'NAME',
  summary: 'show a deployment: its routes, what each serves, and errors',
  positionals: { min: 1, max: 1 },
  async run({ client, positionals, out }) {
    const deployment = await deploymentNamed(client, positionals[0] ?? '');
    out.result(deployment, () => renderDeployment(deployment));
  },
};

/** `production=90`, `v4=10`, `4=10` (a version), `alias:canary=5`. */
function parseRoute(text: string): { alias?: string; version?: number; weight: number } {
  const match = /^(.+)=([^=]+)$/.exec(text);
  const weight = Number(match?.[2]);
  if (match === null || !Number.isFinite(weight) || weight < 0) {
    throw usage(`a route is TARGET=WEIGHT (e.g. production=90 or v4=10), got "${text}"`);
  }
  const target = match[1]!.replace(/^alias:/, '');
  const version = /^(?:v|version:)?(\d+)$/.exec(target)?.[1];
  return version !== undefined ? { version: Number(version), weight } : { alias: target, weight };
}

async function previousAliasVersion(client: FerryClient, model: string, alias: string): Promise<number> {
  const { model: found } = await client.request<{
    model: {
      alias: { version: number } | null;
      aliasHistory: { fromVersion: number | null; toVersion: number }[];
    } | null;
  }>(
    'query($model: String!, $alias: String!) { model(name: $model) { alias(name: $alias) { version } aliasHistory(alias: $alias) { fromVersion toVersion } } }',
    {
      model,
      alias,
    },
  );
  const current = found?.alias?.version;
  // The history is newest first: the newest move that led to the current version says where it came from.
  const last = (found?.aliasHistory ?? []).find((move) => move.toVersion === current && move.fromVersion !== null);
  if (current === undefined || last?.fromVersion === undefined || last.fromVersion === null) {
    throw new FerryApiError('CONFLICT', `${model}:${alias} has no earlier version to roll back to (give --to VERSION)`);
  }
  return last.fromVersion;
}

async function previousReadyVersion(client: FerryClient, model: string, pinned: number): Promise<number> {
  const { model: found } = await client.request<{ model: { versions: { nodes: { version: number }[] } } | null }>(
    'query($model: String!) { model(name: $model) { versions(status: READY, first: 500) { nodes { version } } } }',
    { model },
  );
  const earlier = (found?.versions.nodes ?? []).map((v) => v.version).filter((v) => v < pinned);
  if (earlier.length === 0) {
    throw new FerryApiError('CONFLICT', `${model} has no ready version before v${pinned} (give --to VERSION)`);
  }
  return Math.max(...earlier);
}

/** After an alias moves, the deployment follows it within moments: wait (≤ 30 s) so the answer shows it served. */
async function waitUntilServing(client: FerryClient, name: string, version: number): Promise<DeploymentView> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const deployment = await deploymentNamed(client, name);
    const live = deployment.status.filter((s) => !s.shadow);
    if (live.every((s) => s.servingVersion === version) || Date.now() > deadline) {
      return deployment;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
