import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { httpDuration, httpRequests } from './ops.metrics';

/**
 * Counts every answered request by the matched route pattern (`/api/v1/hosts/:host_id`, never the
 * raw URL, so ids cannot explode the label set); unmatched URLs share one `unmatched` label.
 * Scrapes of /metrics itself are left out so they do not dominate the request rate.
 */
export function registerHttpMetrics(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      const pattern = request.routeOptions.url;
      if (pattern !== '/metrics') {
        const route = pattern ?? 'unmatched';
        httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
        httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
      }
      done();
    });
}
