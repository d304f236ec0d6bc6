import { ConsoleLogger, Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ensurePortsFree, listenFailure, PortUse, StartupError } from './common/listen-failure';
import type { AppConfig } from './config/app-config';
import { ConfigValidationError, loadConfig } from './config/app-config';
import { describeBackends, deploymentMode, singleNodeWarning } from './config/deployment-mode';
import { readDotEnv } from './config/dotenv';
import { installGracefulShutdown } from './health/graceful-shutdown';
import { METRICS_PORT_ADVICE, MetricsListener, separateMetricsPort } from './metrics/metrics-listener.service';
import { TlsListener } from './signaling/tls-listener.service';

/** Set once the app's own logger (pino) has taken over Nest's Logger. */
let appLogger = false;

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const config = loadConfig(readDotEnv());
  await ensurePortsFree(config.service.host, portsOf(config));
  const app = await createApp(config);
  appLogger = true;
  installGracefulShutdown(app, config.service.shutdownTimeoutSeconds);
  const { host, port } = config.service;
  await app.listen(port, host).catch((error: unknown) => {
    throw listenFailure(error, 'PORT', host, port);
  });
  await app.get(TlsListener).start();
  const metricsPort = await app.get(MetricsListener).start();
  const warning = singleNodeWarning(config);
  if (warning) {
    logger.warn(warning);
  }
  const metrics = metricsPort === undefined ? '' : `; metrics on port ${metricsPort}`;
  logger.log(
    `Listening on http://${host}:${port} (node ${config.service.nodeId}; mode ${deploymentMode(config)}: ${describeBackends(config)}${metrics}); Swagger UI at /docs`,
  );
}

/** The ports this node will bind, with the variable that sets each. */
function portsOf(config: AppConfig): PortUse[] {
  const uses: PortUse[] = [{ variable: 'PORT', port: config.service.port }];
  if (config.ws.tls) {
    uses.push({ variable: 'TLS_PORT', port: config.ws.tls.port });
  }
  const metricsPort = separateMetricsPort(config);
  if (metricsPort !== undefined) {
    uses.push({ variable: 'PROMETHEUS_PORT', port: metricsPort, advice: METRICS_PORT_ADVICE });
  }
  return uses;
}

/** Colour only for a person at a terminal: a file or a log collector would keep the escape codes. */
const colours = (): boolean => Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;

/** Before the app exists Nest's console logger writes; it colours only for a terminal. */
const failureLogger = (context: string): Pick<Logger, 'error'> =>
  appLogger ? new Logger(context) : new ConsoleLogger(context, { colors: colours() });

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    failureLogger('Config').error(error.message);
  } else if (error instanceof StartupError) {
    failureLogger('Bootstrap').error(error.message);
  } else {
    failureLogger('Bootstrap').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
});
