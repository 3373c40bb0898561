import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { MetricsRegistry } from './registry/metrics-registry.js';

const NS_PER_S = 1e9;
/** The sampler's timer interval, in ms. The histogram records whole intervals, this included. */
const RESOLUTION_MS = 20;
const RESOLUTION_NS = RESOLUTION_MS * 1e6;

/**
 * The process: memory, CPU, uptime, and how late the event loop runs timers. A late loop is what
 * phones feel first (slow answers, TFTP retransmissions) when the server is overloaded.
 * Returns a function that stops the event-loop sampler.
 */
export const registerProcessMetrics = (registry: MetricsRegistry): (() => void) => {
  const startSeconds = Date.now() / 1000 - process.uptime();
  const rss = registry.gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size in bytes.',
  });
  const cpu = registry.counter({
    name: 'process_cpu_seconds_total',
    help: 'User and system CPU time spent, in seconds.',
  });
  const start = registry.gauge({
    name: 'process_start_time_seconds',
    help: 'Start time of the process since the Unix epoch, in seconds.',
  });
  const uptime = registry.gauge({ name: 'provd_uptime_seconds', help: 'Seconds since the process started.' });
  const heapUsed = registry.gauge({ name: 'nodejs_heap_used_bytes', help: 'V8 heap in use, in bytes.' });
  const heapTotal = registry.gauge({ name: 'nodejs_heap_total_bytes', help: 'V8 heap allocated, in bytes.' });
  const external = registry.gauge({
    name: 'nodejs_external_memory_bytes',
    help: 'Memory of C++ objects bound to JavaScript (buffers, SQLite statements), in bytes.',
  });
  const lag = {
    mean: registry.gauge({
      name: 'nodejs_eventloop_lag_mean_seconds',
      help: 'Mean event loop delay since the previous scrape, in seconds.',
    }),
    p50: registry.gauge({
      name: 'nodejs_eventloop_lag_p50_seconds',
      help: 'Median event loop delay since the previous scrape, in seconds.',
    }),
    p99: registry.gauge({
      name: 'nodejs_eventloop_lag_p99_seconds',
      help: '99th percentile of the event loop delay since the previous scrape, in seconds.',
    }),
    max: registry.gauge({
      name: 'nodejs_eventloop_lag_max_seconds',
      help: 'Longest event loop delay since the previous scrape, in seconds.',
    }),
  };

  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  let cpuSeconds = 0;

  registry.collect(() => {
    const memory = process.memoryUsage();
    rss.set({}, memory.rss);
    heapUsed.set({}, memory.heapUsed);
    heapTotal.set({}, memory.heapTotal);
    external.set({}, memory.external);
    const usage = process.cpuUsage();
    const total = (usage.user + usage.system) / 1e6;
    cpu.inc(undefined, Math.max(0, total - cpuSeconds));
    cpuSeconds = Math.max(cpuSeconds, total);
    start.set({}, startSeconds);
    uptime.set({}, process.uptime());
    // Before its first sample the histogram reports NaN and huge sentinels: say 0 instead.
    const late = (ns: number): number => (delay.count > 0 ? Math.max(0, ns - RESOLUTION_NS) / NS_PER_S : 0);
    lag.mean.set({}, late(delay.mean));
    lag.p50.set({}, late(delay.percentile(50)));
    lag.p99.set({}, late(delay.percentile(99)));
    lag.max.set({}, late(delay.max));
    delay.reset();
  });
  return () => delay.disable();
};
