import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { AppModule } from './app.module';
import { onClientError, onFrameworkError } from './common/http/framework-errors';
import { BODY_LIMIT_BYTES, registerJsonBodyParser } from './common/http/json-body-parser';
import { AppConfig } from './config/app-config';
import { ROOT_LOGGER } from './logging/logging.module';
import { registerRequestLog } from './logging/request-log.hook';
import { registerHttpMetrics } from './metrics/http-metrics.hook';
import { registerRateLimit } from './rate-limit/rate-limit.hook';
import { SignalingWsAdapter } from './signaling/signaling-ws.adapter';
import { setupSwagger } from './swagger';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    // `/path` and `/path/` answer the same, never with a redirect (the DLL's HTTP client does not follow them).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    bodyLimit: BODY_LIMIT_BYTES,
    // No Express-style middleware: request logging, CORS, rate limits and metrics are Fastify hooks,
    // so @fastify/middie (an extra onRequest pass over every request) is not registered.
    skipMiddie: true,
    // Errors answered before Nest sees the request keep the project's error body (see framework-errors.ts).
    frameworkErrors: onFrameworkError,
    clientErrorHandler: onClientError,
    requestIdHeader: false,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const supplied = request.headers['x-request-id'];
      return typeof supplied === 'string' && REQUEST_ID.test(supplied) ? supplied : randomUUID();
    },
  });
}

/**
 * Everything main.ts and the tests share: logger, adapter set-up, CORS, metrics, Swagger. Signal
 * handling is main.ts's (installGracefulShutdown), so a test process never exits on a signal.
 */
export function configureApp(app: NestFastifyApplication, config: AppConfig): void {
  // Nest's `new Logger(Class.name)` calls now go through pino (levels, JSON or readable lines, redaction).
  app.useLogger(app.get(Logger));
  const origins = config.auth.corsOrigins;
  app.enableCors({
    origin: origins.includes('*') ? true : origins,
    credentials: !origins.includes('*'),
    // An OPTIONS request that is not a browser preflight (no Origin) is answered like any OPTIONS,
    // not with @fastify/cors's plain-text 400, which no client could parse as an error body.
    strictPreflight: false,
    exposedHeaders: ['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After'],
  });
  registerJsonBodyParser(app);
  const fastify = app.getHttpAdapter().getInstance();
  // A callback hook, not an async one: no promise per response.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  registerRequestLog(fastify, app.get<symbol, PinoLogger>(ROOT_LOGGER));
  registerRateLimit(app, config);
  if (config.metrics.enabled) {
    registerHttpMetrics(app);
  }
  app.useWebSocketAdapter(new SignalingWsAdapter(app, config.ws.maxMessageBytes));
  setupSwagger(app, config);
}

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(), {
    // Held until configureApp installs the pino logger, so start-up lines share its format.
    bufferLogs: true,
  });
  configureApp(app, config);
  return app;
}
