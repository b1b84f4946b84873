import { randomBytes } from 'node:crypto';

/** A NATS prefix (and schema prefix) unique to one test file's run, e.g. `t_registry_3f9a1c`. */
export function uniquePrefix(label: string): string {
  const safe =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 20) || 'test';
  return `t_${safe}_${randomBytes(4).toString('hex')}`;
}
