import { randomUUID } from 'node:crypto';

import {
  badInput,
  conflict,
  createEnvelope,
  Events,
  notFound,
  pageRequest,
  subjectOf,
  validateResourceName,
  type Page,
} from '@ferry/contracts';

import {
  batchingOf,
  DEFAULT_BATCHING,
  sampleRateOf,
  target,
  trafficOf,
  type Deployment,
  type DeploymentInput,
} from './deployment';
import type { DeploymentStore, ModelSource } from './ports';

export interface Actor {
  id: string | null;
}

/** Creating, changing and deleting deployments; each change is announced as `inference.deployment.updated`. */
export class Deployments {
  constructor(
    private readonly store: DeploymentStore,
    private readonly source: ModelSource,
    private readonly natsPrefix: string,
    /** Called after each committed change (to apply it locally at once and nudge the outbox). */
    private readonly changed: (deployment: Deployment, deleted: boolean) => Promise<void>,
  ) {}

  async create(input: DeploymentInput, actor: Actor): Promise<Deployment> {
    const name = validateResourceName('name', input.name);
    if (input.modelName === undefined || input.modelName === null) {
      throw badInput('modelName is required', { field: 'modelName' });
    }
    const modelName = validateResourceName('modelName', input.modelName);
    if ((await this.store.findByName(name)) !== undefined) {
      throw conflict(`a deployment named "${name}" already exists`);
    }
    const now = new Date();
    const deployment: Deployment = {
      id: randomUUID(),
      name,
      modelName,
      traffic: trafficOf(input),
      shadow: input.shadow === undefined || input.shadow === null ? null : target('shadow', input.shadow),
      batching: batchingOf(input.batching, DEFAULT_BATCHING),
      logSampleRate: sampleRateOf(input.logSampleRate),
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: actor.id,
    };
    await this.checkTargets(deployment);
    await this.store.create(deployment, [this.event(deployment, false, actor)]);
    await this.changed(deployment, false);
    return deployment;
  }

  async update(input: DeploymentInput, actor: Actor): Promise<Deployment> {
    const current = await this.deployment(input.name);
    const deployment: Deployment = {
      ...current,
      modelName:
        input.modelName === undefined || input.modelName === null
          ? current.modelName
          : validateResourceName('modelName', input.modelName),
      traffic: trafficOf(input, current.traffic),
      shadow:
        input.shadow === undefined ? current.shadow : input.shadow === null ? null : target('shadow', input.shadow),
      batching: batchingOf(input.batching, current.batching),
      logSampleRate: sampleRateOf(input.logSampleRate, current.logSampleRate),
      revision: current.revision + 1,
      updatedAt: new Date(),
    };
    await this.checkTargets(deployment);
    await this.store.update(deployment, [this.event(deployment, false, actor)]);
    await this.changed(deployment, false);
    return deployment;
  }

  async delete(name: string, actor: Actor): Promise<Deployment> {
    const current = await this.deployment(name);
    const deleted = { ...current, revision: current.revision + 1, updatedAt: new Date() };
    await this.store.delete(current.id, [this.event(deleted, true, actor)]);
    await this.changed(deleted, true);
    return deleted;
  }

  async deployment(name: string): Promise<Deployment> {
    const deployment = await this.store.findByName(name.trim());
    if (deployment === undefined) {
      throw notFound(`no deployment named "${name}"`);
    }
    return deployment;
  }

  async list(first?: number | null, after?: string | null): Promise<Page<Deployment>> {
    return this.store.list(pageRequest(first, after));
  }

  async all(): Promise<Deployment[]> {
    return this.store.all();
  }

  /** Every target must exist in the registry now (an alias may move later; it must point somewhere today). */
  private async checkTargets(deployment: Deployment): Promise<void> {
    const targets = [...deployment.traffic, ...(deployment.shadow === null ? [] : [deployment.shadow])];
    await Promise.all(targets.map((t) => this.source.resolve(deployment.modelName, t)));
  }

  private event(deployment: Deployment, deleted: boolean, actor: Actor) {
    const payload = {
      ...deployment,
      deleted,
      createdAt: deployment.createdAt.toISOString(),
      updatedAt: deployment.updatedAt.toISOString(),
    };
    return {
      subject: subjectOf(Events.deploymentUpdated, this.natsPrefix),
      envelope: createEnvelope(Events.deploymentUpdated, payload, { source: 'inference', actor: actor.id }),
    };
  }
}
