import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { registerRateLimit } from './rate-limit/rate-limit.hook';
import { SignalingWsAdapter } from './signaling/signaling-ws.adapter';
import { setupSwagger } from './swagger';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    // `/path` and `/path/` answer the same, never with a redirect (the DLL's HTTP client does not follow them).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const supplied = request.headers['x-request-id'];
      return typeof supplied === 'string' && REQUEST_ID.test(supplied) ? supplied : randomUUID();
    },
  });
}

/** Everything main.ts and the tests share: adapter set-up, CORS, Swagger, shutdown hooks. */
export function configureApp(app: NestFastifyApplication, config: AppConfig): void {
  const origins = config.auth.corsOrigins;
  app.enableCors({
    origin: origins.includes('*') ? true : origins,
    credentials: !origins.includes('*'),
    exposedHeaders: ['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After'],
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerRateLimit(app, config);
  app.useWebSocketAdapter(new SignalingWsAdapter(app, config.ws.maxMessageBytes));
  setupSwagger(app, config);
  app.enableShutdownHooks();
}

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(), {
    logger: new Logger('Coordinator'),
    bufferLogs: false,
  });
  configureApp(app, config);
  return app;
}
