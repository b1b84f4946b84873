import { usage } from './client/errors';
import type { OptionValues } from './command';

/** A string option's value, or undefined. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A required string option; a usage error names it when missing. */
export function requiredOption(values: OptionValues, name: string): string {
  const value = stringOption(values, name);
  if (value === undefined || value.trim() === '') {
    throw usage(`--${name} is required`);
  }
  return value;
}

/** An integer option (≥ `min`), or undefined; anything else is a usage error naming the option. */
export function intOption(values: OptionValues, name: string, min = 0): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) {
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw usage(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
  }
  return value;
}

/** A number option, or undefined. */
export function numberOption(values: OptionValues, name: string): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) {
    return undefined;
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw usage(`--${name} must be a number, got "${raw}"`);
  }
  return value;
}

/** A JSON-object option (`--params '{"k": 8}'`), or undefined. */
export function jsonOption(values: OptionValues, name: string): Record<string, unknown> | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw usage(`--${name} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usage(`--${name} must be a JSON object, got ${raw}`);
  }
  return parsed as Record<string, unknown>;
}

/** A comma-separated list option (`--features a,b,c`), or undefined. */
export function listOption(values: OptionValues, name: string): string[] | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) {
    return undefined;
  }
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) {
    throw usage(`--${name} needs at least one name`);
  }
  return items;
}

/** `version` (a number) or `alias`: how a model version is chosen on the command line. */
export function versionOrAlias(values: OptionValues): { alias?: string; version?: number } {
  const alias = stringOption(values, 'alias');
  const version = intOption(values, 'version', 1);
  if (alias !== undefined && version !== undefined) {
    throw usage('give --alias or --version, not both');
  }
  return alias !== undefined ? { alias } : version !== undefined ? { version } : {};
}
