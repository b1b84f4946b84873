import { badInput, validateResourceName } from '@ferry/contracts';
import { DEFAULT_THRESHOLDS, DriftMethod, type MethodChoice } from '@ferry/drift';

import type { DriftSettings } from './drift';

/** What a window is compared with: the live model's training dataset (lineage), a dataset version, or a past window. */
export type ReferenceChoice =
  { kind: 'training' } | { kind: 'dataset'; datasetVersionId: string } | { kind: 'window'; windowSeq: number };

/** Metrics monitoring computes from delayed labels; for each, whether greater is better. */
export const PERFORMANCE_METRICS = {
  accuracy: true,
  precision: true,
  recall: true,
  f1: true,
  rocAuc: true,
  logLoss: false,
  mae: false,
  rmse: false,
  r2: true,
} as const;
export type PerformanceMetric = keyof typeof PERFORMANCE_METRICS;

/** How one deployment is monitored. */
export interface MonitorSettings {
  deployment: string;
  /** Rows per window (0: windows by time only). */
  windowSize: number;
  /** Seconds per window (0: windows by count only). */
  windowSeconds: number;
  reference: ReferenceChoice;
  drift: DriftSettings;
  /** classification, regression, or auto (classification when the predicted value is not a float). */
  task: 'auto' | 'classification' | 'regression';
  /** The output holding the predicted label or value (default: the first scalar output). */
  labelOutput: string | null;
  /** The output holding class probabilities (default: the first map or list output). */
  probabilityOutput: string | null;
  /** The positive class of a binary classifier (default: the greater of the two classes). */
  positiveClass: string | null;
  /** Labelled predictions per performance check (the most recent ones). */
  performanceWindow: number;
  /** Alert thresholds: a greater-is-better metric degrades below its threshold, an error metric above. */
  performanceThresholds: Partial<Record<PerformanceMetric, number>>;
  updatedAt: Date;
  /** Who configured it last (null for defaults, or with FERRY_AUTH=off and no identity). */
  updatedBy: string | null;
}

/** Defaults for a deployment nobody configured: 1000-row windows (and at most an hour), training reference. */
export function defaultSettings(deployment: string, now = new Date()): MonitorSettings {
  return {
    deployment,
    windowSize: 1000,
    windowSeconds: 3600,
    reference: { kind: 'training' },
    drift: { driftShare: 0.5 },
    task: 'auto',
    labelOutput: null,
    probabilityOutput: null,
    positiveClass: null,
    performanceWindow: 1000,
    performanceThresholds: {},
    updatedAt: now,
    updatedBy: null,
  };
}

/** configureMonitor's input: each field optional, unset ones keep their current value. */
export interface ConfigureMonitorCommand {
  deployment: string;
  windowSize?: number | null;
  windowSeconds?: number | null;
  referenceDatasetVersionId?: string | null;
  referenceWindow?: number | null;
  /** `{ defaults?, numeric?, categorical?, columns?: { <name>: { method?, threshold? } } }`. */
  methods?: unknown;
  driftShare?: number | null;
  task?: string | null;
  labelOutput?: string | null;
  probabilityOutput?: string | null;
  positiveClass?: string | null;
  performanceWindow?: number | null;
  performanceThresholds?: unknown;
}

/** Applies a configureMonitor command; BAD_USER_INPUT names the first field that is wrong. */
export function applyCommand(current: MonitorSettings, command: ConfigureMonitorCommand): MonitorSettings {
  validateResourceName('deployment', command.deployment);
  const next: MonitorSettings = { ...current, updatedAt: new Date() };
  if (command.windowSize !== undefined && command.windowSize !== null) {
    next.windowSize = wholeNumber('windowSize', command.windowSize, 0, 10_000_000);
  }
  if (command.windowSeconds !== undefined && command.windowSeconds !== null) {
    next.windowSeconds = wholeNumber('windowSeconds', command.windowSeconds, 0, 30 * 24 * 3600);
  }
  if (next.windowSize === 0 && next.windowSeconds === 0) {
    throw badInput('windowSize and windowSeconds cannot both be 0: windows need a size or a duration');
  }
  if (command.referenceDatasetVersionId && command.referenceWindow !== undefined && command.referenceWindow !== null) {
    throw badInput('give referenceDatasetVersionId or referenceWindow, not both');
  }
  if (command.referenceDatasetVersionId) {
    next.reference = { kind: 'dataset', datasetVersionId: command.referenceDatasetVersionId };
  } else if (command.referenceWindow !== undefined && command.referenceWindow !== null) {
    next.reference = { kind: 'window', windowSeq: wholeNumber('referenceWindow', command.referenceWindow, 1, 2 ** 31) };
  }
  if (command.methods !== undefined && command.methods !== null) {
    next.drift = { ...parseMethods(command.methods), driftShare: next.drift.driftShare };
  }
  if (command.driftShare !== undefined && command.driftShare !== null) {
    if (!(command.driftShare > 0 && command.driftShare <= 1)) {
      throw badInput(`driftShare must be in (0, 1], got ${command.driftShare}`);
    }
    next.drift = { ...next.drift, driftShare: command.driftShare };
  }
  if (command.task !== undefined && command.task !== null) {
    if (!['auto', 'classification', 'regression'].includes(command.task)) {
      throw badInput(`task must be auto, classification or regression, got "${command.task}"`);
    }
    next.task = command.task as MonitorSettings['task'];
  }
  for (const field of ['labelOutput', 'probabilityOutput', 'positiveClass'] as const) {
    if (command[field] !== undefined) {
      next[field] = command[field] === '' ? null : (command[field] ?? null);
    }
  }
  if (command.performanceWindow !== undefined && command.performanceWindow !== null) {
    next.performanceWindow = wholeNumber('performanceWindow', command.performanceWindow, 1, 1_000_000);
  }
  if (command.performanceThresholds !== undefined && command.performanceThresholds !== null) {
    next.performanceThresholds = parseThresholds(command.performanceThresholds);
  }
  return next;
}

function wholeNumber(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`${field} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function parseMethods(raw: unknown): Omit<DriftSettings, 'driftShare'> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw badInput('methods must be an object: { defaults?, numeric?, categorical?, columns? }');
  }
  const input = raw as Record<string, unknown>;
  const known = new Set(['defaults', 'numeric', 'categorical', 'columns']);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) {
      throw badInput(`methods.${key}: unknown key (expected defaults, numeric, categorical or columns)`);
    }
  }
  const out: Omit<DriftSettings, 'driftShare'> = {};
  for (const key of ['defaults', 'numeric', 'categorical'] as const) {
    if (input[key] !== undefined) {
      out[key] = parseChoice(`methods.${key}`, input[key]);
    }
  }
  if (input.columns !== undefined) {
    if (input.columns === null || typeof input.columns !== 'object' || Array.isArray(input.columns)) {
      throw badInput('methods.columns must be an object of column name → { method?, threshold? }');
    }
    out.columns = Object.fromEntries(
      Object.entries(input.columns as Record<string, unknown>).map(([name, choice]) => [
        name,
        parseChoice(`methods.columns.${name}`, choice),
      ]),
    );
  }
  return out;
}

function parseChoice(path: string, raw: unknown): MethodChoice {
  if (typeof raw === 'string') {
    return parseChoice(path, { method: raw });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw badInput(`${path} must be { method?, threshold? } or a method name`);
  }
  const { method, threshold, ...rest } = raw as Record<string, unknown>;
  if (Object.keys(rest).length > 0) {
    throw badInput(`${path}: unknown key "${Object.keys(rest)[0]}" (expected method, threshold)`);
  }
  const choice: MethodChoice = {};
  if (method !== undefined) {
    if (typeof method !== 'string' || !Object.hasOwn(DEFAULT_THRESHOLDS, method)) {
      throw badInput(
        `${path}.method must be one of ${Object.values(DriftMethod).join(', ')}, got ${JSON.stringify(method)}`,
      );
    }
    choice.method = method as DriftMethod;
  }
  if (threshold !== undefined) {
    if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) {
      throw badInput(`${path}.threshold must be a positive number, got ${JSON.stringify(threshold)}`);
    }
    choice.threshold = threshold;
  }
  return choice;
}

function parseThresholds(raw: unknown): Partial<Record<PerformanceMetric, number>> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw badInput('performanceThresholds must be an object of metric → threshold');
  }
  const out: Partial<Record<PerformanceMetric, number>> = {};
  for (const [metric, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!Object.hasOwn(PERFORMANCE_METRICS, metric)) {
      throw badInput(
        `performanceThresholds.${metric}: unknown metric (expected ${Object.keys(PERFORMANCE_METRICS).join(', ')})`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw badInput(`performanceThresholds.${metric} must be a number`);
    }
    out[metric as PerformanceMetric] = value;
  }
  return out;
}
