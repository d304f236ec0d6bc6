import type { FastifyInstance } from 'fastify';
import { AppConfig } from '../config/app-config';

/**
 * A browser cannot put the API key in a header on a page load or an EventSource, so dashboard
 * routes also accept it as `?api_key=` (and an access token as `?access_token=`). This hook only
 * moves the query value into the header the auth guards read; the guards still decide, exactly as
 * for any admin route. The access log masks both parameters (see logging/log-redaction.ts).
 */
export function registerDashboardAccess(fastify: FastifyInstance, config: AppConfig): void {
  const header = config.auth.apiKeyHeader;
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (!request.url.startsWith('/dashboard')) {
      done();
      return;
    }
    const query = request.query as Record<string, unknown> | undefined;
    const key = query?.api_key;
    if (typeof key === 'string' && request.headers[header] === undefined) {
      request.headers[header] = key;
    }
    const token = query?.access_token;
    if (typeof token === 'string' && request.headers.authorization === undefined) {
      request.headers.authorization = `Bearer ${token}`;
    }
    done();
  });
}
