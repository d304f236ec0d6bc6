import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { metricsRequestAllowed } from '../auth/metrics-key';

/**
 * `/metrics` on PROMETHEUS_PORT, so Prometheus can scrape a port the load balancer never exposes.
 * Started from main.ts after the main listener; PROMETHEUS_PORT=0 binds a free port (tests).
 */
@Injectable()
export class MetricsListener implements OnApplicationShutdown {
  private readonly logger = new Logger(MetricsListener.name);
  private server?: Server;

  constructor(private readonly config: AppConfig) {}

  /** The bound port, or undefined when metrics are off or share the main port. */
  async start(): Promise<number | undefined> {
    const { enabled, port } = this.config.metrics;
    if (!enabled || (port === this.config.service.port && port !== 0)) {
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
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.service.host, () => resolve());
    });
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
