import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigValidationError, loadConfig } from './config/app-config';
import { readDotEnv } from './config/dotenv';
import { installGracefulShutdown } from './health/graceful-shutdown';
import { MetricsListener } from './metrics/metrics-listener.service';
import { TlsListener } from './signaling/tls-listener.service';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const config = loadConfig(readDotEnv());
  const app = await createApp(config);
  installGracefulShutdown(app, config.service.shutdownTimeoutSeconds);
  await app.listen(config.service.port, config.service.host);
  await app.get(TlsListener).start();
  const metricsPort = await app.get(MetricsListener).start();
  const storage = config.db.embedded ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL';
  const state = config.redis.url ? 'Redis' : 'in-process state';
  if (config.db.embedded || !config.redis.url) {
    logger.warn(
      `Embedded single-node mode: ${storage}, ${state}. Set DATABASE_URL and REDIS_URL to run several nodes.`,
    );
  }
  const metrics = metricsPort === undefined ? '' : `; metrics on port ${metricsPort}`;
  logger.log(
    `Listening on http://${config.service.host}:${config.service.port} (node ${config.service.nodeId}; ${storage}, ${state}${metrics}); Swagger UI at /docs`,
  );
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    new Logger('Config').error(error.message);
  } else {
    new Logger('Bootstrap').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
});
