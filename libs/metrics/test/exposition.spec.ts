import { DEFAULT_LATENCY_BUCKETS, MetricsRegistry } from '../src';
import { parseExposition } from './exposition';

describe('the test reader of the exposition format', () => {
  it('reads the example of the Prometheus documentation', () => {
    const families = parseExposition(
      '# HELP http_requests_total The total number of HTTP requests.\n' +
        '# TYPE http_requests_total counter\n' +
        'http_requests_total{method="post",code="200"} 1027 1395066363000\n' +
        'http_requests_total{method="post",code="400"}    3 1395066363000\n'.replace('    ', ' ') +
        '# Escaping in label values:\n' +
        'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9\n' +
        '# TYPE http_request_duration_seconds histogram\n' +
        'http_request_duration_seconds_bucket{le="0.05"} 24054\n' +
        'http_request_duration_seconds_bucket{le="+Inf"} 144320\n' +
        'http_request_duration_seconds_sum 53423\n' +
        'http_request_duration_seconds_count 144320\n',
    );
    expect(families.get('http_requests_total')?.samples[1]).toEqual({
      name: 'http_requests_total',
      labels: { method: 'post', code: '400' },
      value: 3,
    });
    expect(families.get('msdos_file_access_time_seconds')?.samples[0]?.labels).toEqual({
      path: 'C:\\DIR\\FILE.TXT',
      error: 'Cannot find file:\n"FILE.TXT"',
    });
    expect(families.get('http_request_duration_seconds')?.samples).toHaveLength(4);
  });

  // Each of these is a formatting regression the reader must catch.
  it.each([
    ['no final line feed', 'a 1'],
    ['two spaces', 'a  1\n'],
    ['a bad value', 'a one\n'],
    ['an unquoted label value', 'a{b=c} 1\n'],
    ['an unescaped quote', 'a{b="x"y"} 1\n'],
    ['a bad escape', 'a{b="\\t"} 1\n'],
    ['a repeated label', 'a{b="1",b="2"} 1\n'],
    ['a repeated series', 'a{b="1"} 1\na{b="1"} 2\n'],
    ['TYPE after samples', 'a 1\n# TYPE a gauge\n'],
    ['split family', '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{c="1"} 1\n'],
    ['a negative counter', '# TYPE a counter\na -1\n'],
    ['a histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    ['non-cumulative buckets', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n'],
    ['+Inf unlike _count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n'],
    ['a histogram without _sum', '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n'],
    ['a bare histogram sample', '# TYPE h histogram\nh 1\n'],
    ['a blank line', 'a 1\n\nb 1\n'],
  ])('rejects %s', (_, text) => {
    expect(() => parseExposition(text)).toThrow();
  });
});

describe('the registry output, read back', () => {
  // Label values chosen to break naive escaping.
  const awkward = ['', ' ', '\\', '"', '\n', '\\n', '\\"', 'a,b="c"}', '{le="1"}', 'ünï ✓ 🚀', '\r\t', '#'];

  it('parses, and gives back every label value, help text and number', () => {
    const registry = new MetricsRegistry();
    const help = 'Help: \\ back\\slash, "quotes",\nline feed, \\n literal.';
    const counter = registry.counter('ferry_requests_total', help, ['deployment', 'version']);
    const gauge = registry.gauge('ferry_models_loaded', 'Loaded.', ['deployment']);
    const histogram = registry.histogram('ferry_request_seconds', 'Latency.', { labelNames: ['deployment'] });
    const batch = registry.histogram('ferry_batch_rows', 'Rows.', { buckets: [1, 2, 4, 8, 16, 32, 64, 128, 1e6] });
    const specials = [0, 5e-324, 1, -1.5, 0.1, 1e-7, 1e21, 123456789.123, Infinity, -Infinity, NaN, Number.MAX_VALUE];
    awkward.forEach((value, i) => {
      counter.inc({ deployment: value, version: String(i) }, i);
      gauge.set(specials[i]!, { deployment: value });
      histogram.labels(value).observe(i / 100);
      batch.observe(2 ** i);
    });

    const families = parseExposition(registry.render());
    expect([...families.keys()]).toEqual([
      'ferry_requests_total',
      'ferry_models_loaded',
      'ferry_request_seconds',
      'ferry_batch_rows',
    ]);
    expect(families.get('ferry_requests_total')).toMatchObject({ type: 'counter', help });
    expect(families.get('ferry_requests_total')?.samples.map((s) => s.labels.deployment)).toEqual(awkward);
    expect(families.get('ferry_models_loaded')?.samples.map((s) => s.value)).toEqual(specials);

    const latency = families.get('ferry_request_seconds')!.samples;
    expect(latency).toHaveLength(awkward.length * (DEFAULT_LATENCY_BUCKETS.length + 3));
    const rows = families.get('ferry_batch_rows')!.samples;
    expect(rows.map((s) => s.labels.le ?? s.name)).toEqual([
      ...['1', '2', '4', '8', '16', '32', '64', '128', '1000000', '+Inf'],
      'ferry_batch_rows_sum',
      'ferry_batch_rows_count',
    ]);
    expect(rows.map((s) => s.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 12, 12, 4095, 12]);
  });

  it('stays valid for random registries', () => {
    // A fixed seed keeps a failure reproducible.
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let round = 0; round < 50; round++) {
      const registry = new MetricsRegistry();
      const counter = registry.counter('c_total', pick(awkward), ['x', 'y']);
      const gauge = registry.gauge('g', pick(awkward), ['x']);
      const histogram = registry.histogram('h', pick(awkward), {
        labelNames: ['x'],
        buckets: [...new Set(Array.from({ length: 1 + Math.floor(random() * 8) }, () => random() * 10))].sort(
          (a, b) => a - b,
        ),
      });
      for (let i = 0; i < 100; i++) {
        counter.inc({ x: pick(awkward), y: pick(awkward) }, random() * 3);
        gauge.set((random() - 0.5) * 10 ** Math.floor(random() * 40 - 20), { x: pick(awkward) });
        histogram.observe(random() * 12, { x: pick(awkward) });
      }
      const families = parseExposition(registry.render());
      const observations = families.get('h')!.samples.filter((s) => s.name === 'h_count');
      expect(observations.reduce((total, s) => total + s.value, 0)).toBe(100);
    }
  });
});
