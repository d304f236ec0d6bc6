import { collectDefaultMetrics, register } from 'prom-client';

/** Process metrics (CPU, memory, event loop lag, GC, handles) once per process, however many apps it builds. */
export function ensureDefaultMetrics(): void {
  if (!register.getSingleMetric('process_cpu_user_seconds_total')) {
    collectDefaultMetrics();
  }
}
