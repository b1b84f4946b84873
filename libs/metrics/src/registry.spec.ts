import { MetricsRegistry } from './registry';

describe('MetricsRegistry.render', () => {
  it('renders nothing for an empty registry and has the 0.0.4 content type', () => {
    const registry = new MetricsRegistry();
    expect(registry.render()).toBe('');
    expect(registry.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('renders a counter without labels, at zero before anything is recorded', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('ferry_log_records_dropped_total', 'Log records dropped.');
    expect(registry.render()).toBe(
      '# HELP ferry_log_records_dropped_total Log records dropped.\n' +
        '# TYPE ferry_log_records_dropped_total counter\n' +
        'ferry_log_records_dropped_total 0\n',
    );
    counter.inc();
    counter.inc(2.5);
    counter.labels().inc();
    expect(registry.render()).toBe(
      '# HELP ferry_log_records_dropped_total Log records dropped.\n' +
        '# TYPE ferry_log_records_dropped_total counter\n' +
        'ferry_log_records_dropped_total 4.5\n',
    );
  });

  it('renders a labelled counter in creation order, shows HELP and TYPE alone before any series', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('ferry_requests_total', 'Requests served.', ['deployment', 'version']);
    expect(registry.render()).toBe(
      '# HELP ferry_requests_total Requests served.\n# TYPE ferry_requests_total counter\n',
    );
    requests.inc({ deployment: 'iris', version: '2' });
    requests.inc({ version: '1', deployment: 'iris' }, 3);
    requests.labels('iris', '2').inc(5);
    requests.labels('churn', '1').inc();
    expect(registry.render()).toBe(
      '# HELP ferry_requests_total Requests served.\n' +
        '# TYPE ferry_requests_total counter\n' +
        'ferry_requests_total{deployment="iris",version="2"} 6\n' +
        'ferry_requests_total{deployment="iris",version="1"} 3\n' +
        'ferry_requests_total{deployment="churn",version="1"} 1\n',
    );
  });

  it('renders gauges, set/inc/dec through labels and bound children, and special values', () => {
    const registry = new MetricsRegistry();
    const queue = registry.gauge('ferry_queue_depth', 'Requests waiting.');
    const loaded = registry.gauge('ferry_models_loaded', 'Loaded models.', ['deployment']);
    queue.set(10);
    queue.dec();
    queue.dec(4);
    queue.inc();
    loaded.set(1, { deployment: 'a' });
    loaded.inc({ deployment: 'b' }, 2);
    loaded.dec({ deployment: 'b' });
    loaded.labels('c').set(Infinity);
    loaded.labels('d').set(-Infinity);
    loaded.labels('e').set(NaN);
    loaded.labels('f').set(-0.125);
    loaded.labels('g').set(1e-7);
    expect(registry.render()).toBe(
      '# HELP ferry_queue_depth Requests waiting.\n' +
        '# TYPE ferry_queue_depth gauge\n' +
        'ferry_queue_depth 6\n' +
        '# HELP ferry_models_loaded Loaded models.\n' +
        '# TYPE ferry_models_loaded gauge\n' +
        'ferry_models_loaded{deployment="a"} 1\n' +
        'ferry_models_loaded{deployment="b"} 1\n' +
        'ferry_models_loaded{deployment="c"} +Inf\n' +
        'ferry_models_loaded{deployment="d"} -Inf\n' +
        'ferry_models_loaded{deployment="e"} NaN\n' +
        'ferry_models_loaded{deployment="f"} -0.125\n' +
        'ferry_models_loaded{deployment="g"} 1e-7\n',
    );
  });

  it('renders a histogram without labels: cumulative buckets, +Inf, sum and count', () => {
    const registry = new MetricsRegistry();
    const batch = registry.histogram('ferry_batch_size', 'Rows per batch.', { buckets: [1, 4, 16, Infinity] });
    expect(registry.render()).toBe(
      '# HELP ferry_batch_size Rows per batch.\n' +
        '# TYPE ferry_batch_size histogram\n' +
        'ferry_batch_size_bucket{le="1"} 0\n' +
        'ferry_batch_size_bucket{le="4"} 0\n' +
        'ferry_batch_size_bucket{le="16"} 0\n' +
        'ferry_batch_size_bucket{le="+Inf"} 0\n' +
        'ferry_batch_size_sum 0\n' +
        'ferry_batch_size_count 0\n',
    );
    for (const rows of [1, 1, 2, 4, 5, 16, 17, 100]) {
      batch.observe(rows);
    }
    expect(registry.render()).toBe(
      '# HELP ferry_batch_size Rows per batch.\n' +
        '# TYPE ferry_batch_size histogram\n' +
        'ferry_batch_size_bucket{le="1"} 2\n' +
        'ferry_batch_size_bucket{le="4"} 4\n' +
        'ferry_batch_size_bucket{le="16"} 6\n' +
        'ferry_batch_size_bucket{le="+Inf"} 8\n' +
        'ferry_batch_size_sum 146\n' +
        'ferry_batch_size_count 8\n',
    );
  });

  it('renders a labelled histogram with the default latency buckets, le last', () => {
    const registry = new MetricsRegistry();
    const latency = registry.histogram('ferry_request_seconds', 'Request latency.', {
      labelNames: ['deployment', 'version'],
    });
    latency.observe(0.0004, { deployment: 'iris', version: '1' });
    latency.labels('iris', '1').observe(0.0025);
    latency.labels('iris', '1').observe(0.75);
    latency.labels('iris', '1').observe(30);
    const bounds = ['0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5'];
    const counts = [1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4];
    const buckets = [...bounds, '5', '10', '+Inf'].map(
      (le, i) => `ferry_request_seconds_bucket{deployment="iris",version="1",le="${le}"} ${counts[i]}\n`,
    );
    expect(registry.render()).toBe(
      '# HELP ferry_request_seconds Request latency.\n' +
        '# TYPE ferry_request_seconds histogram\n' +
        buckets.join('') +
        `ferry_request_seconds_sum{deployment="iris",version="1"} ${0.0004 + 0.0025 + 0.75 + 30}\n` +
        'ferry_request_seconds_count{deployment="iris",version="1"} 4\n',
    );
  });

  it('escapes label values (\\\\, ", line feed) and help (\\\\, line feed; quotes kept)', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('escapes_total', 'Help with \\ backslash,\n"quotes" and a new line.', ['path']);
    counter.inc({ path: 'C:\\models\\"best"\nv2' });
    counter.inc({ path: '' });
    counter.inc({ path: 'ünïcode ✓ {}=,' });
    expect(registry.render()).toBe(
      '# HELP escapes_total Help with \\\\ backslash,\\n"quotes" and a new line.\n' +
        '# TYPE escapes_total counter\n' +
        'escapes_total{path="C:\\\\models\\\\\\"best\\"\\nv2"} 1\n' +
        'escapes_total{path=""} 1\n' +
        'escapes_total{path="ünïcode ✓ {}=,"} 1\n',
    );
  });

  it('runs collect callbacks before each render', () => {
    const registry = new MetricsRegistry();
    const models = registry.gauge('ferry_models', 'Loaded models.', ['deployment']);
    let current = ['a', 'b'];
    registry.collect(() => {
      // reset first so that an unloaded deployment disappears instead of keeping its last value
      models.reset();
      for (const name of current) {
        models.set(1, { deployment: name });
      }
    });
    expect(registry.render()).toContain('ferry_models{deployment="a"} 1\nferry_models{deployment="b"} 1\n');
    current = ['b'];
    expect(registry.render()).toBe(
      '# HELP ferry_models Loaded models.\n# TYPE ferry_models gauge\nferry_models{deployment="b"} 1\n',
    );
  });

  it('removes one series', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('c_total', 'C.', ['a', 'b']);
    counter.inc({ a: '1', b: '1' });
    counter.inc({ a: '1', b: '2' });
    counter.remove('1', '1');
    counter.remove('9', '9');
    expect(registry.render()).toBe('# HELP c_total C.\n# TYPE c_total counter\nc_total{a="1",b="2"} 1\n');
    counter.inc({ a: '1', b: '1' });
    expect(registry.render()).toContain('c_total{a="1",b="1"} 1\n');
  });
});

describe('MetricsRegistry rules', () => {
  it('returns the same metric for an identical registration', () => {
    const registry = new MetricsRegistry();
    expect(registry.counter('x_total', 'X.', ['a'])).toBe(registry.counter('x_total', 'X.', ['a']));
    expect(registry.histogram('h', 'H.', { buckets: [1, 2] })).toBe(registry.histogram('h', 'H.', { buckets: [1, 2] }));
  });

  it.each([
    ['a different type', (r: MetricsRegistry) => r.gauge('x_total', 'X.', ['a'])],
    ['different labels', (r: MetricsRegistry) => r.counter('x_total', 'X.', ['b'])],
    ['more labels', (r: MetricsRegistry) => r.counter('x_total', 'X.', ['a', 'b'])],
    ['a different help', (r: MetricsRegistry) => r.counter('x_total', 'Y.', ['a'])],
    ['different buckets', (r: MetricsRegistry) => r.histogram('h', 'H.', { buckets: [1, 3] })],
    ['a name a histogram writes', (r: MetricsRegistry) => r.gauge('h_count', 'H.')],
    ['a histogram over an existing name', (r: MetricsRegistry) => r.histogram('x', 'X.')],
  ])('throws on a registration with %s', (_, register) => {
    const registry = new MetricsRegistry();
    registry.counter('x_total', 'X.', ['a']);
    registry.histogram('h', 'H.', { buckets: [1, 2] });
    registry.gauge('x_bucket', 'X.');
    expect(() => register(registry)).toThrow(/already/);
  });

  it.each([
    ['a bad metric name', () => new MetricsRegistry().counter('9lives', 'X.')],
    ['a dash in a metric name', () => new MetricsRegistry().counter('a-b', 'X.')],
    ['a bad label name', () => new MetricsRegistry().counter('x', 'X.', ['a b'])],
    ['a colon in a label name', () => new MetricsRegistry().counter('x', 'X.', ['a:b'])],
    ['a reserved label name', () => new MetricsRegistry().counter('x', 'X.', ['__name'])],
    ['a repeated label name', () => new MetricsRegistry().counter('x', 'X.', ['a', 'a'])],
    ['le on a histogram', () => new MetricsRegistry().histogram('x', 'X.', { labelNames: ['le'] })],
    ['unsorted buckets', () => new MetricsRegistry().histogram('x', 'X.', { buckets: [1, 0.5] })],
    ['repeated buckets', () => new MetricsRegistry().histogram('x', 'X.', { buckets: [1, 1] })],
    ['a NaN bucket', () => new MetricsRegistry().histogram('x', 'X.', { buckets: [NaN] })],
  ])('throws on %s', (_, register) => {
    expect(register).toThrow();
  });

  it('accepts colons in metric names, and le on counters', () => {
    const registry = new MetricsRegistry();
    registry.counter('job:requests:rate5m', 'Recorded.', ['le']).inc({ le: '1' });
    expect(registry.render()).toContain('job:requests:rate5m{le="1"} 1\n');
  });

  it('throws on a wrong number of label values, a missing, unknown or non-string label', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('x_total', 'X.', ['a', 'b']);
    const plain = registry.counter('y_total', 'Y.');
    const histogram = registry.histogram('h', 'H.', { labelNames: ['a'] });
    expect(() => counter.labels('1')).toThrow(/expected 2 label values \(a, b\), got 1/);
    expect(() => counter.labels('1', '2', '3')).toThrow(/got 3/);
    expect(() => counter.inc()).toThrow(/expected labels a, b/);
    expect(() => counter.inc({ a: '1' })).toThrow(/missing label "b"/);
    expect(() => counter.inc({ a: '1', b: '2', c: '3' })).toThrow(/unknown label "c"/);
    expect(() => counter.inc({ a: '1', b: 2 as unknown as string })).toThrow(/must be a string/);
    expect(() => plain.inc({ a: '1' })).toThrow(/has no labels/);
    expect(() => plain.labels('1')).toThrow(/got 1/);
    expect(() => histogram.observe(1)).toThrow(/expected labels a/);
    expect(() => histogram.labels()).toThrow(/got 0/);
    // a refused call must not leave a series behind
    expect(registry.render()).not.toContain('x_total{');
  });

  it('refuses negative and NaN counter increments, keeping the total', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('x_total', 'X.', ['a']);
    const child = counter.labels('1');
    child.inc(2);
    expect(() => child.inc(-1)).toThrow(/only go up/);
    expect(() => child.inc(NaN)).toThrow(/only go up/);
    expect(() => counter.inc({ a: '1' }, -0.5)).toThrow(/only go up/);
    child.inc(0);
    expect(child.value).toBe(2);
  });
});
