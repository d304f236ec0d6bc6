import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { metricsRequestAllowed } from '../auth/metrics-key';
import { listenFailure } from '../common/listen-failure';

/** What else PROMETHEUS_PORT allows, for the message of a port clash. */
export const METRICS_PORT_ADVICE = 'or 0 to serve /metrics on the main port only';

/** Whether the separate listener is wanted: metrics on, and a port of its own (0 or PORT mean none). */
export function separateMetricsPort(config: AppConfig): number | undefined {
  const { enabled, port } = config.metrics;
  return !enabled || port === 0 || port === config.service.port ? undefined : port;
}

/**
 * `/metrics` on PROMETHEUS_PORT, so Prometheus can scrape a port the load balancer never exposes.
 * Started from main.ts after the main listener. PROMETHEUS_PORT=0, or the main PORT itself, opens no
 * separate listener (`/metrics` on the main port stays), so several nodes on one host need not each
 * pick a metrics port.
 */
@Injectable()
export class MetricsListener implements OnApplicationShutdown {
  private readonly logger = new Logger(MetricsListener.name);
  private server?: Server;

  constructor(private readonly config: AppConfig) {}

  /** The bound port, or undefined when metrics are off, the listener is off or it shares the main port. */
  async start(): Promise<number | undefined> {
    const port = separateMetricsPort(this.config);
    if (port === undefined) {
      return undefined;
    }
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
        return;
      }
      if (!metricsRequestAllowed(request.headers, this.config)) {
        response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('Unauthorized\n');
        return;
      }
      register.metrics().then(
        (text) => response.writeHead(200, { 'content-type': register.contentType }).end(text),
        (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
      );
    });
    this.server = server;
    const { host } = this.config.service;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
    } catch (error) {
      this.server = undefined;
      throw listenFailure(error, 'PROMETHEUS_PORT', host, port, METRICS_PORT_ADVICE);
    }
    const bound = (server.address() as AddressInfo).port;
    this.logger.log(`Metrics listener on http://${this.config.service.host}:${bound}/metrics`);
    return bound;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
