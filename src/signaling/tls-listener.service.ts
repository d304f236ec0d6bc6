import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { onClientError } from '../common/http/framework-errors';
import { AppConfig } from '../config/app-config';

/**
 * The same REST routes and WebSocket endpoint over TLS 1.2/1.3 on TLS_PORT. The shipped DLL always
 * performs a TLS 1.2 handshake (without SNI) on its WebSocket, whatever scheme its config names.
 * Requests are handed to Fastify's router and upgrades to the gateway's upgrade handler.
 */
@Injectable()
export class TlsListener implements OnApplicationShutdown {
  private readonly logger = new Logger(TlsListener.name);
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Starts the listener after the main one is up; returns the bound port, if TLS is configured. */
  async start(): Promise<number | undefined> {
    const tls = this.config.ws.tls;
    if (!tls || this.server) {
      return (this.server?.address() as AddressInfo | undefined)?.port;
    }
    const adapter = this.adapterHost.httpAdapter;
    const fastify = adapter.getInstance<{ routing(req: IncomingMessage, res: ServerResponse): void }>();
    const server = createServer(
      {
        cert: readFileSync(tls.certFile),
        key: readFileSync(tls.keyFile),
        minVersion: 'TLSv1.2',
        maxVersion: 'TLSv1.3',
      },
      (req, res) => fastify.routing(req, res),
    );
    const plain = adapter.getHttpServer() as HttpServer;
    for (const listener of plain.listeners('upgrade')) {
      server.on('upgrade', listener as (...args: unknown[]) => void);
    }
    // Malformed HTTP gets the same JSON 400 (and Connection: close) as on the plain port.
    server.on('clientError', onClientError);
    server.on('tlsClientError', (error) => this.logger.debug(`TLS handshake failed: ${error.message}`));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(tls.port, this.config.service.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    this.logger.log(
      `TLS listener on https://${this.config.service.host}:${port} (REST and wss://…/api/v1/signaling/ws)`,
    );
    return port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) {
      return;
    }
    this.server = undefined;
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
