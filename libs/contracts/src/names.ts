import { badInput } from './errors';

/**
 * Names of models, datasets, deployments and pipelines end up in NATS subjects, URLs and file names,
 * so they are restricted to a safe alphabet.
 */
export const RESOURCE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Returns the trimmed name, or throws BAD_USER_INPUT naming the field and the rule. */
export function validateResourceName(field: string, value: string): string {
  const name = value.trim();
  if (name === '') {
    throw badInput(`${field} must not be empty`, { field });
  }
  if (!RESOURCE_NAME_PATTERN.test(name)) {
    throw badInput(
      `${field} "${name}" is not valid: use 1–128 letters, digits, "-" or "_", starting with a letter or digit`,
      { field },
    );
  }
  return name;
}
