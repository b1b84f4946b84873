import { defaultProcessMetrics, MetricsRegistry } from '../src';
import { parseExposition } from './exposition';

describe('defaultProcessMetrics', () => {
  it('renders plausible process values', async () => {
    const registry = new MetricsRegistry();
    defaultProcessMetrics(registry);
    defaultProcessMetrics(registry);
    // Busy the loop for a while, then let the delay monitor take samples.
    const until = Date.now() + 50;
    while (Date.now() < until) {
      // spin
    }
    await new Promise((resolve) => setTimeout(resolve, 50));

    const families = parseExposition(registry.render());
    const value = (name: string): number => {
      const samples = families.get(name)?.samples ?? [];
      expect(samples).toHaveLength(1);
      return samples[0]!.value;
    };
    expect(families.get('process_cpu_seconds_total')?.type).toBe('counter');
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(10 * 2 ** 20);
    expect(value('process_resident_memory_bytes')).toBeLessThan(64 * 2 ** 30);
    expect(value('process_heap_bytes')).toBeGreaterThan(2 ** 20);
    expect(value('process_heap_bytes')).toBeLessThan(value('process_resident_memory_bytes'));
    expect(value('nodejs_eventloop_lag_seconds')).toBeGreaterThan(0);
    expect(value('nodejs_eventloop_lag_seconds')).toBeLessThan(5);
    const cpu = value('process_cpu_seconds_total');
    expect(cpu).toBeGreaterThanOrEqual(0.05);
    expect(cpu).toBeLessThan(process.uptime() * 64);
    const start = value('process_start_time_seconds');
    expect(start).toBeGreaterThan(Date.now() / 1000 - process.uptime() - 5);
    expect(start).toBeLessThanOrEqual(Date.now() / 1000);

    // The CPU counter only grows from scrape to scrape.
    const later = parseExposition(registry.render()).get('process_cpu_seconds_total')!.samples[0]!.value;
    expect(later).toBeGreaterThanOrEqual(cpu);
  });
});
