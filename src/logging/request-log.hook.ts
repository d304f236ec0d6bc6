import type { FastifyInstance } from 'fastify';
import type { Level, Logger } from 'pino';
import { redactUrl } from './log-redaction';

/**
 * Requests that arrive every few seconds on their own: probes, scrapes, the icon, and everything an
 * open dashboard loads (its page, scripts, the overview it polls every 2 s, its stream). Logging
 * each at info would drown the useful lines.
 */
const ROUTINE_PATHS =
  /^\/(health(\/live|\/ready)?|metrics|favicon\.ico|dashboard(\/(api|stream|assets)\/?[^?]*)?)(\?|$)/;
const PROBE_PATHS = /^\/health(\/live|\/ready)?(\?|$)/;
/** Marks the dashboard's own reads of API routes (moderation's bans, audit trail, player page refreshes). */
export const DASHBOARD_READ_HEADER = 'x-dashboard-read';

interface Answered {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Failures keep their level (4xx warn, 5xx error) wherever they happen; a routine request that
 * succeeded is debug, so it is there when LOG_LEVEL=debug and silent otherwise. The dashboard's
 * marker can only lower a successful read: a write (kick, ban) or a refusal is never hidden.
 */
export function requestLogLevel(request: Answered, status: number): Level {
  // A probe answering 503 is the node saying "not ready" (draining, a dependency down): the outage
  // itself is logged once when it starts and once when it ends, not at every probe.
  if (PROBE_PATHS.test(request.url)) {
    return 'debug';
  }
  if (status >= 500) {
    return 'error';
  }
  if (status >= 400) {
    return 'warn';
  }
  const dashboardRead = request.method === 'GET' && request.headers[DASHBOARD_READ_HEADER] === '1';
  return ROUTINE_PATHS.test(request.url) || dashboardRead ? 'debug' : 'info';
}

/**
 * One line per answered request, with the fields pino-http wrote (`correlation_id`, `req`, `res`,
 * `responseTime`, "request completed" / "request errored"). A Fastify hook rather than pino-http
 * middleware: pino-http builds two child loggers and serialises the request on every request, even
 * when the line's level is off, and its middleware needs @fastify/middie and an AsyncLocalStorage
 * context per request, which puts async hooks on every promise. Here nothing is built unless the
 * line is written.
 */
export function registerRequestLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = requestLogLevel(request, status);
    if (logger.isLevelEnabled(level)) {
      const line = {
        correlation_id: request.id,
        req: { method: request.method, url: redactUrl(request.url), remote_address: request.raw.socket?.remoteAddress },
        res: { status_code: status },
        responseTime: Math.round(reply.elapsedTime),
      };
      if (status >= 500) {
        logger[level]({ ...line, err: new Error(`failed with status code ${status}`) }, 'request errored');
      } else {
        logger[level](line, reply.raw.writableEnded ? 'request completed' : 'request aborted');
      }
    }
    done();
  });
}
