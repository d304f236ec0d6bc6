import { counter, histogram } from './metric-factory';

/**
 * Counters incremented from many modules. Module-level (not injected) so a repository, a Fastify
 * hook or a store adapter can count without a dependency on the metrics module.
 */
export const databaseErrors = counter({
  name: 'p2p_database_errors_total',
  help: 'Database statements that failed, by kind',
  labelNames: ['kind'],
});
for (const kind of ['unavailable', 'statement']) {
  databaseErrors.inc({ kind }, 0);
}

export const redisErrors = counter({ name: 'p2p_redis_errors_total', help: 'Redis operations that failed' });

export const httpRequests = counter({
  name: 'p2p_http_requests_total',
  help: 'HTTP requests answered, by route pattern and status code',
  labelNames: ['method', 'route', 'status'],
});

export const httpDuration = histogram({
  name: 'p2p_http_request_duration_seconds',
  help: 'HTTP request duration by route pattern',
  labelNames: ['method', 'route'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});
