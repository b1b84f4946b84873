import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { MetricsRegistry } from './registry';

// Registries that already have the process metrics, so that a second call does not add a second
// event-loop monitor and collect callback.
const installed = new WeakSet<MetricsRegistry>();

/** Registers memory, heap, event-loop lag, CPU and start-time metrics, updated at each scrape. */
export function defaultProcessMetrics(registry: MetricsRegistry): void {
  if (installed.has(registry)) {
    return;
  }
  const rss = registry.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.');
  const heap = registry.gauge('process_heap_bytes', 'V8 heap in use in bytes.');
  const lag = registry.gauge(
    'nodejs_eventloop_lag_seconds',
    'Mean event loop delay since the previous scrape in seconds.',
  );
  const cpu = registry.counter('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.');
  const start = registry.gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.');
  installed.add(registry);

  start.set(Date.now() / 1000 - process.uptime());
  // The monitor samples on its own unref'd timer, so it neither costs the request path nor keeps the process alive.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let cpuSeconds = 0;

  registry.collect(() => {
    const memory = process.memoryUsage();
    rss.set(memory.rss);
    heap.set(memory.heapUsed);
    // Reset per scrape so the gauge shows recent lag, not the average since start; with no sample yet
    // (a scrape right after the previous one) the last value stands.
    if (delay.count > 0) {
      lag.set(delay.mean / 1e9);
      delay.reset();
    }
    // process.cpuUsage() is cumulative since start; the counter receives the difference.
    const usage = process.cpuUsage();
    const seconds = (usage.user + usage.system) / 1e6;
    if (seconds > cpuSeconds) {
      cpu.inc(seconds - cpuSeconds);
      cpuSeconds = seconds;
    }
  });
}
