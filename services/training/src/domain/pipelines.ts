import { randomUUID } from 'node:crypto';

import { badInput, conflict, notFound, pageRequest, type Page } from '@ferry/contracts';

import { requireCommandPermission, type Actor } from './access';
import { parseCron } from './cron';
import { METRICS } from './metrics';
import type { Pipeline, PipelineInput, TrainerSpec } from './pipeline';
import {
  columnOf,
  datasetVersionOf,
  descriptionOf,
  featuresOf,
  nameField,
  promotionOf,
  searchOf,
  trainerOf,
  triggersOf,
  validationOf,
} from './pipeline-rules';
import type { PipelineStore } from './ports';

/** Creating, changing and reading pipelines. Every input is checked before anything is stored. */
export class Pipelines {
  constructor(
    private readonly store: PipelineStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(input: PipelineInput, actor: Actor): Promise<Pipeline> {
    const name = nameField('name', input.name);
    const now = this.clock();
    const pipeline = build(
      { ...input, name },
      { id: randomUUID(), revision: 1, createdAt: now, updatedAt: now, createdBy: actor.id },
      actor,
      now,
    );
    if ((await this.store.findByName(name)) !== undefined) {
      throw conflict(`a pipeline named "${name}" already exists`);
    }
    await this.store.insert(pipeline);
    return pipeline;
  }

  /** Changes the fields the input carries; omitted fields keep their value, `null` clears an optional one. */
  async update(input: PipelineInput, actor: Actor): Promise<Pipeline> {
    const current = await this.pipeline(input.name);
    const keep = <K extends keyof PipelineInput>(key: K, value: PipelineInput[K]): PipelineInput[K] =>
      input[key] === undefined ? value : input[key];
    const merged: PipelineInput = {
      name: current.name,
      description: keep('description', current.description),
      datasetName: keep('datasetName', current.datasetName),
      datasetVersion: keep('datasetVersion', current.datasetVersion),
      target: keep('target', current.target),
      features: keep('features', current.features),
      trainer: keep('trainer', current.trainer),
      search: keep('search', current.search),
      validation: { ...current.validation, ...defined(input.validation) },
      modelName: keep('modelName', current.modelName),
      promotion: { ...current.promotion, ...defined(input.promotion) },
      triggers: { ...current.triggers, ...defined(input.triggers) },
    };
    // A new metric brings its own direction unless the client set one.
    const validation = input.validation ?? {};
    if (
      validation.metric !== undefined &&
      validation.metric !== null &&
      (validation.greaterIsBetter ?? null) === null
    ) {
      merged.validation = { ...merged.validation, greaterIsBetter: null };
    }
    const now = this.clock();
    const pipeline = build(
      merged,
      {
        id: current.id,
        revision: current.revision + 1,
        createdAt: current.createdAt,
        updatedAt: now,
        createdBy: current.createdBy,
      },
      actor,
      now,
      current,
    );
    await this.store.update(pipeline);
    return pipeline;
  }

  async pipeline(name: string): Promise<Pipeline> {
    const pipeline = await this.store.findByName(name.trim());
    if (pipeline === undefined) {
      throw notFound(`no pipeline named "${name}"`);
    }
    return pipeline;
  }

  async list(first?: number | null, after?: string | null): Promise<Page<Pipeline>> {
    return this.store.list(pageRequest(first, after));
  }
}

type Identity = Pick<Pipeline, 'id' | 'revision' | 'createdAt' | 'updatedAt' | 'createdBy'>;

/** A checked pipeline from a complete input; throws BAD_USER_INPUT (naming `field`) or FORBIDDEN. */
function build(input: PipelineInput, identity: Identity, actor: Actor, now: Date, current?: Pipeline): Pipeline {
  const trainer = trainerOf(input.trainer);
  // Configuring a command (a new one, or a change to it) is for admins; editing the rest of its pipeline is not.
  if (trainer.type === 'command' && (current === undefined || !sameTrainer(trainer, current.trainer))) {
    requireCommandPermission(actor);
  }
  const target = columnOf('target', input.target);
  const validation = validationOf(input.validation, trainer);
  const task = METRICS[validation.metric]!.task;
  if (target === null && task !== 'clustering') {
    throw badInput(`target is required: ${validation.metric} judges ${task}`, { field: 'target' });
  }
  const triggers = triggersOf(input.triggers);
  const scheduleChanged = triggers.schedule !== (current?.triggers.schedule ?? null);
  return {
    ...identity,
    name: input.name,
    description: descriptionOf(input.description),
    datasetName: nameField('datasetName', input.datasetName),
    datasetVersion: datasetVersionOf(input.datasetVersion),
    target,
    features: featuresOf(input.features, target),
    trainer,
    search: searchOf(input.search, trainer),
    validation,
    modelName: nameField('modelName', input.modelName),
    promotion: promotionOf(input.promotion),
    triggers,
    nextScheduledAt:
      triggers.schedule === null
        ? null
        : !scheduleChanged && current !== undefined && current.nextScheduledAt !== null
          ? current.nextScheduledAt
          : parseCron(triggers.schedule).next(now),
  };
}

function sameTrainer(a: TrainerSpec, b: TrainerSpec): boolean {
  return (
    JSON.stringify([a.type, a.command, a.timeoutSeconds, a.params]) ===
    JSON.stringify([b.type, b.command, b.timeoutSeconds, b.params])
  );
}

/** The fields of a partial input that the client actually sent. */
function defined<T extends object>(patch: T | null | undefined): Partial<T> {
  if (patch === null || patch === undefined) {
    return {};
  }
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
