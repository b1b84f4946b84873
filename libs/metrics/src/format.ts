// Names, escaping and numbers of the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/). Everything here runs at registration or
// at scrape time, never when a value is recorded.

/** The Content-Type a `/metrics` response carries. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Metric names; colons are allowed because recording rules use them. */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Label names: Prometheus does not allow colons here, and names starting with `__` are reserved for it. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label values by label name, as passed to `inc`, `set` and `observe`. */
export type Labels = Readonly<Record<string, string>>;

/** Throws unless `name` is a valid metric name. */
export function validateMetricName(name: string): void {
  if (typeof name !== 'string' || !METRIC_NAME_PATTERN.test(name)) {
    throw new Error(`metric name "${String(name)}" is not valid: it must match ${METRIC_NAME_PATTERN.source}`);
  }
}

/** Throws unless every label name is valid, not reserved and not repeated; returns a frozen copy. */
export function validateLabelNames(
  metric: string,
  labelNames: readonly string[],
  reserved: readonly string[] = [],
): readonly string[] {
  const seen = new Set<string>();
  for (const label of labelNames) {
    if (typeof label !== 'string' || !LABEL_NAME_PATTERN.test(label)) {
      throw new Error(
        `${metric}: label name "${String(label)}" is not valid: it must match ${LABEL_NAME_PATTERN.source}`,
      );
    }
    if (label.startsWith('__')) {
      throw new Error(`${metric}: label name "${label}" is reserved: names starting with "__" belong to Prometheus`);
    }
    if (reserved.includes(label)) {
      throw new Error(`${metric}: label name "${label}" is reserved for this metric type`);
    }
    if (seen.has(label)) {
      throw new Error(`${metric}: label name "${label}" is repeated`);
    }
    seen.add(label);
  }
  return Object.freeze([...labelNames]);
}

/** Escapes a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Escapes HELP text: backslash and line feed (quotes stay as they are in HELP). */
export function escapeHelp(help: string): string {
  return help.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

/** Formats a sample value or bucket bound as Prometheus does: `+Inf`, `-Inf`, `NaN`, else the shortest decimal. */
export function formatNumber(value: number): string {
  if (value === Infinity) {
    return '+Inf';
  }
  if (value === -Infinity) {
    return '-Inf';
  }
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  // String() gives the shortest round-tripping form ("0.1", "1e-7", "1e+21"), which Go's ParseFloat reads back.
  return String(value);
}

/** The `a="x",b="y"` part of a series, built once when a label set is first used. */
export function formatLabelPairs(labelNames: readonly string[], values: readonly string[]): string {
  let text = '';
  for (let i = 0; i < labelNames.length; i++) {
    text += `${i === 0 ? '' : ','}${labelNames[i]}="${escapeLabelValue(values[i]!)}"`;
  }
  return text;
}
