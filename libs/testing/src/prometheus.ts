// No types are published for this parser; its output shape is prom2json's, typed below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheusTextFormat = require('parse-prometheus-text-format') as (text: string) => MetricFamily[];

/** One metric family as prom2json (and parse-prometheus-text-format) give it. */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: Array<{
    labels?: Record<string, string>;
    value?: string;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  }>;
}

/**
 * Parses Prometheus text exposition format with an independent parser (a port of the Python client's), which
 * throws on any line that is not valid: what a scraper would make of a `/metrics` answer.
 */
export function parsePrometheus(text: string): Map<string, MetricFamily> {
  return new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
}
