import type { MonitorSettings } from './monitor';

/** One element lists (a `[N, 1]` output's row) are their element. */
function unwrap(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? unwrap(value[0]) : value;
}

const isScalar = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** The predicted label or value of a row: the configured output, else the first scalar one. */
export function predictedValue(outputs: Record<string, unknown>, settings: MonitorSettings): unknown {
  if (settings.labelOutput !== null) {
    return unwrap(outputs[settings.labelOutput]);
  }
  for (const value of Object.values(outputs)) {
    const plain = unwrap(value);
    if (isScalar(plain)) {
      return plain;
    }
  }
  return null;
}

/** The class probabilities of a row: the configured output, else the first map or list of numbers. */
export function probabilitiesOf(
  outputs: Record<string, unknown>,
  settings: MonitorSettings,
): Record<string, number> | number[] | null {
  const candidates =
    settings.probabilityOutput !== null ? [outputs[settings.probabilityOutput]] : Object.values(outputs);
  for (const raw of candidates) {
    const value = Array.isArray(raw) && raw.length === 1 && typeof raw[0] === 'object' ? raw[0] : raw;
    if (Array.isArray(value) && value.length > 1 && value.every((v) => typeof v === 'number')) {
      return value as number[];
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length > 0 && entries.every(([, v]) => typeof v === 'number')) {
        return value as Record<string, number>;
      }
    }
  }
  return null;
}
