import type { FastifyInstance } from 'fastify';
import type { Level, Logger } from 'pino';
import { redactUrl } from './log-redaction';

/** Probes and scrapes arrive every few seconds; logging each would drown the useful lines. */
const QUIET_PATHS = /^\/(health(\/live|\/ready)?|metrics)(\?|$)/;

const levelFor = (status: number): Level => (status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info');

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
    const level = levelFor(status);
    if (logger.isLevelEnabled(level) && !QUIET_PATHS.test(request.url)) {
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
