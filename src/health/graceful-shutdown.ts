import { INestApplication, Logger } from '@nestjs/common';
import { ShutdownState } from './shutdown-state';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * SIGTERM/SIGINT: readiness turns false at once, then Nest's close runs the drain (sockets closed
 * with 1001 and leaves recorded, HTTP server closed after in-flight requests, leases released,
 * registry entry removed, pools closed) and the process exits 0. A hung step cannot keep the
 * process alive past `timeoutSeconds`: the timer logs a warning and exits 1.
 */
export function installGracefulShutdown(app: INestApplication, timeoutSeconds: number): void {
  const logger = new Logger('Shutdown');
  let started = false;
  const onSignal = (signal: string): void => {
    if (started) {
      return;
    }
    started = true;
    app.get(ShutdownState).begin();
    logger.log(`${signal} received: draining (at most ${timeoutSeconds} s)`);
    const timer = setTimeout(() => {
      logger.warn(`Graceful shutdown did not finish within ${timeoutSeconds} s; exiting now`);
      process.exit(1);
    }, timeoutSeconds * 1000);
    timer.unref();
    app.close().then(
      () => {
        logger.log('Shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`Shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) {
    process.on(signal, onSignal);
  }
}
