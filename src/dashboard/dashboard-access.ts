import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';

/** The dashboard's data: its JSON and its event stream (the page itself is public, it holds no data). */
const DATA_ROUTE = /^\/dashboard\/(api|stream)(\/|\?|$)/;

/**
 * A browser that navigates to a data route (a bookmark, a link, the address bar) cannot send the
 * credential, which the page keeps for its own requests only; the guard's 401 body would show as a
 * raw JSON error. Such a navigation is sent to the page instead, which signs the admin in. The page's
 * own requests never ask for HTML (fetch sends `*\/*`), so they still get the guard's answer.
 */
export function isCredentiallessNavigation(
  request: Pick<FastifyRequest, 'url' | 'headers'>,
  keyHeader: string,
): boolean {
  const { headers } = request;
  return (
    DATA_ROUTE.test(request.url) &&
    typeof headers.accept === 'string' &&
    headers.accept.includes('text/html') &&
    headers[keyHeader] === undefined &&
    headers.authorization === undefined
  );
}

/**
 * Sends credential-less browser navigations of the dashboard's data routes to the page (303) when
 * a guard is on. Credentials are read from headers only, as on every route: a key in a URL would
 * end up in browser history and in proxies' logs.
 */
export function registerDashboardAccess(fastify: FastifyInstance, config: AppConfig): void {
  if (!config.auth.apiKeyEnabled && !config.auth.jwtEnabled) {
    return;
  }
  const header = config.auth.apiKeyHeader;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (isCredentiallessNavigation(request, header)) {
      void reply.redirect('/dashboard', 303);
      return;
    }
    done();
  });
}
