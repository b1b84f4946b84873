import { badInput, validateResourceName } from '@ferry/contracts';
import { resolveParams, TrainerParamError, type TrainerType } from '@ferry/ml';

import { CronError, validCron } from './cron';
import { DEFAULT_METRIC, METRICS } from './metrics';
import {
  taskOf,
  TRAINER_TYPES,
  type ParamRange,
  type PipelineInput,
  type PromotionSpec,
  type SearchSpec,
  type TrainerKind,
  type TrainerSpec,
  type TriggerSpec,
  type ValidationSpec,
} from './pipeline';
import { gridSize } from './search-space';

/** The most trials one run may hold. */
export const MAX_TRIALS = 200;
/** The longest a command trainer may run per trial (a day). */
export const MAX_COMMAND_SECONDS = 24 * 3600;
export const DEFAULT_COMMAND_SECONDS = 3600;

/* Each function checks one part of a pipeline's input and throws BAD_USER_INPUT whose `field` names the culprit. */

export function nameField(field: string, value: string | null | undefined): string {
  if (value === undefined || value === null) {
    throw badInput(`${field} is required`, { field });
  }
  return validateResourceName(field, value);
}

export function descriptionOf(value: string | null | undefined): string {
  const text = (value ?? '').trim();
  if (text.length > 2000) {
    throw badInput('description must be at most 2000 characters', { field: 'description' });
  }
  return text;
}

export function datasetVersionOf(value: number | null | undefined): number | null {
  if (value === undefined || value === null) {
    return null;
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw badInput(`datasetVersion must be a positive integer, got ${value}`, { field: 'datasetVersion' });
  }
  return value;
}

export function columnOf(field: string, value: string | null | undefined): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  const name = value.trim();
  if (name === '' || name.length > 256) {
    throw badInput(`${field} must be a column name of 1–256 characters`, { field });
  }
  return name;
}

export function featuresOf(value: string[] | null | undefined, target: string | null): string[] | null {
  if (value === undefined || value === null) {
    return null;
  }
  if (value.length === 0) {
    throw badInput('features must list at least one column (omit it for every column but the target)', {
      field: 'features',
    });
  }
  const seen = new Set<string>();
  for (const raw of value) {
    const name = columnOf('features', raw)!;
    if (name === target) {
      throw badInput(`features: the target "${name}" cannot be a feature`, { field: 'features' });
    }
    if (seen.has(name)) {
      throw badInput(`features: "${name}" is listed twice`, { field: 'features' });
    }
    seen.add(name);
  }
  return [...seen];
}

/** The trainer: a known type, hyperparameters @ferry/ml accepts, and for a command its argv and deadline. */
export function trainerOf(input: PipelineInput['trainer']): TrainerSpec {
  if (input === undefined || input === null) {
    throw badInput('trainer is required', { field: 'trainer' });
  }
  const type = input.type?.trim() as TrainerKind;
  if (!TRAINER_TYPES.includes(type)) {
    throw badInput(`trainer.type "${input.type}" is not one of ${TRAINER_TYPES.join(', ')}`, {
      field: 'trainer.type',
    });
  }
  const params = paramsObject(input.params);
  if (type !== 'command') {
    if (input.command !== undefined && input.command !== null) {
      throw badInput('trainer.command is only for trainer.type "command"', { field: 'trainer.command' });
    }
    checkBuiltInParams(type, params);
    return { type, params, command: null, timeoutSeconds: null };
  }
  const command = input.command;
  if (command === undefined || command === null || command.length === 0 || command.some((a) => a === '')) {
    throw badInput('trainer.command must be a non-empty list of arguments, the program first', {
      field: 'trainer.command',
    });
  }
  const timeout = input.timeoutSeconds ?? DEFAULT_COMMAND_SECONDS;
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > MAX_COMMAND_SECONDS) {
    throw badInput(`trainer.timeoutSeconds must be in (0, ${MAX_COMMAND_SECONDS}], got ${timeout}`, {
      field: 'trainer.timeoutSeconds',
    });
  }
  return { type, params, command: [...command], timeoutSeconds: timeout };
}

function paramsObject(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) {
    return {};
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badInput('trainer.params must be an object of hyperparameters', { field: 'trainer.params' });
  }
  return { ...(value as Record<string, unknown>) };
}

/** Lets @ferry/ml judge built-in hyperparameters, naming the culprit as `<field>.<parameter>`. */
export function checkBuiltInParams(type: TrainerType, params: Record<string, unknown>, field = 'trainer.params'): void {
  try {
    resolveParams(type, params);
  } catch (error) {
    if (error instanceof TrainerParamError) {
      throw badInput(`${field}.${error.message}`, { field: `${field}.${error.parameter}` });
    }
    throw error;
  }
}

/** A search space: grid (lists) or random (lists and ranges), a trial budget, every point valid for the trainer. */
export function searchOf(input: PipelineInput['search'], trainer: TrainerSpec): SearchSpec | null {
  if (input === undefined || input === null) {
    return null;
  }
  const strategy = input.strategy?.trim();
  if (strategy !== 'grid' && strategy !== 'random') {
    throw badInput(`search.strategy must be "grid" or "random", got "${input.strategy}"`, {
      field: 'search.strategy',
    });
  }
  if (typeof input.space !== 'object' || input.space === null || Array.isArray(input.space)) {
    throw badInput('search.space must be an object: hyperparameter → list of values or {min, max}', {
      field: 'search.space',
    });
  }
  const space: SearchSpec['space'] = {};
  for (const [name, domain] of Object.entries(input.space as Record<string, unknown>)) {
    space[name] = domainOf(name, domain, strategy);
  }
  if (Object.keys(space).length === 0) {
    throw badInput('search.space names no hyperparameter', { field: 'search.space' });
  }
  const size = gridSize(space);
  const trials = input.trials ?? (strategy === 'grid' ? Math.min(size, MAX_TRIALS) : 10);
  if (!Number.isSafeInteger(trials) || trials < 1 || trials > MAX_TRIALS) {
    throw badInput(`search.trials must be an integer from 1 to ${MAX_TRIALS}, got ${trials}`, {
      field: 'search.trials',
    });
  }
  if (trainer.type !== 'command') {
    checkSpacePoints(trainer, space);
  }
  return { strategy, space, trials };
}

function domainOf(name: string, domain: unknown, strategy: 'grid' | 'random'): unknown[] | ParamRange {
  const field = `search.space.${name}`;
  if (Array.isArray(domain)) {
    if (domain.length === 0) {
      throw badInput(`${field} lists no value`, { field });
    }
    return [...(domain as unknown[])];
  }
  if (strategy === 'grid') {
    throw badInput(`${field} must be a list of values: a grid takes no ranges`, { field });
  }
  const range = domain as Partial<Record<keyof ParamRange, unknown>> | null;
  if (range === null || typeof range !== 'object' || typeof range.min !== 'number' || typeof range.max !== 'number') {
    throw badInput(`${field} must be a list of values or {min, max, log?, integer?}`, { field });
  }
  const { min, max } = range;
  const log = range.log === true;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max || (log && min <= 0)) {
    throw badInput(`${field} needs finite min ≤ max${log ? ' and min > 0 for a log range' : ''}`, { field });
  }
  return { min, max, log, integer: range.integer === true };
}

/** Every value a built-in trainer may be given must be one it accepts (ranges: both ends). */
function checkSpacePoints(trainer: TrainerSpec, space: SearchSpec['space']): void {
  for (const [name, domain] of Object.entries(space)) {
    const values = Array.isArray(domain) ? domain : [domain.min, domain.max];
    for (const value of values) {
      checkBuiltInParams(trainer.type as TrainerType, { ...trainer.params, [name]: value }, 'search.space');
    }
  }
}

/** The holdout and the metric: the metric must fit the trainer's task; its direction is the metric's. */
export function validationOf(input: PipelineInput['validation'], trainer: TrainerSpec): ValidationSpec {
  const holdoutFraction = input?.holdoutFraction ?? 0.2;
  if (!(holdoutFraction > 0 && holdoutFraction <= 0.9)) {
    throw badInput(`validation.holdoutFraction must be in (0, 0.9], got ${holdoutFraction}`, {
      field: 'validation.holdoutFraction',
    });
  }
  const seed = input?.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw badInput(`validation.seed must be a non-negative integer, got ${seed}`, { field: 'validation.seed' });
  }
  const requested = input?.metric?.trim();
  if ((requested === undefined || requested === '') && trainer.type === 'command') {
    throw badInput(`validation.metric is required with a command trainer (one of ${Object.keys(METRICS).join(', ')})`, {
      field: 'validation.metric',
    });
  }
  const metric =
    requested === undefined || requested === '' ? DEFAULT_METRIC[taskOf(trainer.type, 'regression')] : requested;
  const definition = METRICS[metric];
  if (definition === undefined) {
    throw badInput(`validation.metric "${metric}" is not one of ${Object.keys(METRICS).join(', ')}`, {
      field: 'validation.metric',
    });
  }
  if (trainer.type !== 'command' && definition.task !== taskOf(trainer.type, definition.task)) {
    throw badInput(`validation.metric "${metric}" judges ${definition.task}, not a ${trainer.type} model`, {
      field: 'validation.metric',
    });
  }
  const greaterIsBetter = input?.greaterIsBetter ?? definition.greaterIsBetter;
  if (greaterIsBetter !== definition.greaterIsBetter) {
    throw badInput(
      `validation.greaterIsBetter: ${metric} is ${definition.greaterIsBetter ? 'greater' : 'lower'}-is-better`,
      { field: 'validation.greaterIsBetter' },
    );
  }
  return { holdoutFraction, seed, metric, greaterIsBetter };
}

export function promotionOf(input: PipelineInput['promotion'], current?: PromotionSpec): PromotionSpec {
  const alias = nameField('promotion.alias', input?.alias ?? current?.alias ?? 'production');
  const policy = (input?.policy ?? current?.policy ?? 'manual').trim();
  if (policy !== 'manual' && policy !== 'if_better') {
    throw badInput(`promotion.policy must be "manual" or "if_better", got "${policy}"`, {
      field: 'promotion.policy',
    });
  }
  const minImprovement = input?.minImprovement ?? current?.minImprovement ?? 0;
  if (!Number.isFinite(minImprovement) || minImprovement < 0) {
    throw badInput(`promotion.minImprovement must be a finite number ≥ 0, got ${minImprovement}`, {
      field: 'promotion.minImprovement',
    });
  }
  return { alias, policy, minImprovement };
}

export function triggersOf(input: PipelineInput['triggers'], current?: TriggerSpec): TriggerSpec {
  const onNewDatasetVersion = input?.onNewDatasetVersion ?? current?.onNewDatasetVersion ?? false;
  const drift = input?.onDriftOf === undefined ? current?.onDriftOf : input.onDriftOf;
  const onDriftOf = drift === undefined || drift === null ? null : validateResourceName('triggers.onDriftOf', drift);
  const cron = input?.schedule === undefined ? current?.schedule : input.schedule;
  let schedule: string | null = null;
  if (cron !== undefined && cron !== null && cron.trim() !== '') {
    try {
      schedule = validCron(cron).expression;
    } catch (error) {
      if (error instanceof CronError) {
        throw badInput(`triggers.schedule: ${error.message}`, { field: 'triggers.schedule' });
      }
      throw error;
    }
  }
  return { onNewDatasetVersion, onDriftOf, schedule };
}
