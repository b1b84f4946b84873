import { MetricsRegistry } from '../src';

// The recording path must stay cheap at ~30k requests a second; these run a million calls each (no timing is
// asserted, a regression shows as a slow suite) and check that nothing was lost.
describe('the bound-child fast path', () => {
  const N = 1_000_000;

  it('counts a million increments exactly', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('ferry_requests_total', 'Requests.', ['deployment', 'version']);
    const iris = requests.labels('iris', '1');
    const churn = requests.labels('churn', '3');
    for (let i = 0; i < N; i++) {
      iris.inc();
      churn.inc(2);
    }
    expect(iris.value).toBe(N);
    expect(churn.value).toBe(2 * N);
    expect(requests.labels('iris', '1')).toBe(iris);
    expect(registry.render()).toContain(`ferry_requests_total{deployment="iris",version="1"} ${N}\n`);
  });

  it('observes a million values into the right buckets', () => {
    const registry = new MetricsRegistry();
    const latency = registry.histogram('ferry_request_seconds', 'Latency.', { labelNames: ['deployment'] });
    const child = latency.labels('iris');
    // Powers of two are exact in binary, so the sum can be compared exactly; 2^-11 falls in le="0.0005".
    const values = [0.25, 2 ** -11, 0.75, 20];
    for (let i = 0; i < N; i++) {
      child.observe(values[i & 3]!);
    }
    expect(child.count).toBe(N);
    expect(child.sum).toBe((N / 4) * (0.25 + 2 ** -11 + 0.75 + 20));
    const text = registry.render();
    expect(text).toContain(`ferry_request_seconds_bucket{deployment="iris",le="0.0005"} ${N / 4}\n`);
    expect(text).toContain(`ferry_request_seconds_bucket{deployment="iris",le="0.25"} ${N / 2}\n`);
    expect(text).toContain(`ferry_request_seconds_bucket{deployment="iris",le="1"} ${(3 * N) / 4}\n`);
    expect(text).toContain(`ferry_request_seconds_bucket{deployment="iris",le="10"} ${(3 * N) / 4}\n`);
    expect(text).toContain(`ferry_request_seconds_bucket{deployment="iris",le="+Inf"} ${N}\n`);
    expect(text).toContain(`ferry_request_seconds_count{deployment="iris"} ${N}\n`);
  });

  it('counts a million increments through a labels object exactly', () => {
    const registry = new MetricsRegistry();
    const errors = registry.counter('ferry_errors_total', 'Errors.', ['deployment', 'code']);
    const gauge = registry.gauge('ferry_inflight', 'In flight.', ['deployment']);
    const labels = { deployment: 'iris', code: 'UNAVAILABLE' };
    const inflight = { deployment: 'iris' };
    for (let i = 0; i < N; i++) {
      errors.inc(labels);
      gauge.inc(inflight);
      gauge.dec(inflight);
    }
    expect(errors.labels('iris', 'UNAVAILABLE').value).toBe(N);
    expect(gauge.labels('iris').value).toBe(0);
  });
});
