// Hot paths read built-ins through module constants: inside vm contexts (Jest, sandboxes) every global lookup
// goes through an interceptor and costs ~20 times more.
const toNumber = Number;
const isFiniteNumber = Number.isFinite;
const toText = String;
const stringify = JSON.stringify;

/** CSV field texts that mean "missing", compared after trimming whitespace (so a blank field is missing too). */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'NA', 'N/A', 'null', 'NULL', 'NaN', 'nan']);

// Strict on purpose: Number() would also accept "0x1f", "Infinity", "1_000" and "" (as 0).
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a trimmed CSV field spells, or undefined when it is not a plain finite decimal number. */
export function parseNumber(trimmed: string): number | undefined {
  if (!NUMBER.test(trimmed)) {
    return undefined;
  }
  const x = toNumber(trimmed);
  return isFiniteNumber(x) ? x : undefined;
}

/** Whether a JSON value is a finite number (JSON.parse turns 1e400 into Infinity). */
export function isFiniteJsonNumber(value: unknown): value is number {
  return typeof value === 'number' && isFiniteNumber(value);
}

/** true / false for a trimmed CSV field spelling a boolean in any case, undefined otherwise. */
export function parseBoolean(trimmed: string): boolean | undefined {
  if (trimmed.length === 4 && trimmed.toLowerCase() === 'true') {
    return true;
  }
  if (trimmed.length === 5 && trimmed.toLowerCase() === 'false') {
    return false;
  }
  return undefined;
}

/** The text a JSON value counts as in categorical and text columns: nested values as their JSON. */
export function jsonText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'object') {
    return stringify(value);
  }
  return toText(value);
}
