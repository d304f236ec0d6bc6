import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { onClientError } from '../common/http/framework-errors';
import { listenFailure, StartupError } from '../common/listen-failure';
import { AppConfig } from '../config/app-config';
import { readTlsFiles, secureContextOptions, TlsPair, validateTlsPair } from './tls-credentials';
import { TlsReloader } from './tls-reloader';

/**
 * The same REST routes and WebSocket endpoint over TLS 1.2/1.3 on TLS_PORT. The shipped DLL always
 * performs a TLS 1.2 handshake (without SNI) on its WebSocket, whatever scheme its config names.
 * Requests are handed to Fastify's router and upgrades to the gateway's upgrade handler. A renewed
 * certificate pair on disk is served to new connections without a restart (see TlsReloader).
 */
@Injectable()
export class TlsListener implements OnApplicationShutdown {
  private readonly logger = new Logger(TlsListener.name);
  private server?: Server;
  private reloader?: TlsReloader;

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
    const pair = await this.firstPair(tls.certFile, tls.keyFile);
    const server = createServer(secureContextOptions(pair), (req, res) => fastify.routing(req, res));
    const plain = adapter.getHttpServer() as HttpServer;
    for (const listener of plain.listeners('upgrade')) {
      server.on('upgrade', listener as (...args: unknown[]) => void);
    }
    // Malformed HTTP gets the same JSON 400 (and Connection: close) as on the plain port.
    server.on('clientError', onClientError);
    server.on('tlsClientError', (error) => this.logger.debug(`TLS handshake failed: ${error.message}`));
    this.server = server;
    const { host } = this.config.service;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(tls.port, host, () => resolve());
      });
    } catch (error) {
      this.server = undefined;
      throw listenFailure(error, 'TLS_PORT', host, tls.port);
    }
    const port = (server.address() as AddressInfo).port;
    this.reloader = new TlsReloader(tls.certFile, tls.keyFile, pair, (next) =>
      server.setSecureContext(secureContextOptions(next)),
    );
    this.reloader.start(tls.reloadIntervalSeconds);
    this.logger.log(
      `TLS listener on https://${this.config.service.host}:${port} (REST and wss://…/api/v1/signaling/ws)`,
    );
    return port;
  }

  /** A bad pair at boot fails the start: unlike a renewal, there is no previous pair to keep serving. */
  private async firstPair(certFile: string, keyFile: string): Promise<TlsPair> {
    try {
      return validateTlsPair(await readTlsFiles(certFile, keyFile));
    } catch (err) {
      throw new StartupError(`TLS_CERT_FILE / TLS_KEY_FILE cannot be served: ${(err as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) {
      return;
    }
    this.server = undefined;
    this.reloader?.stop();
    this.reloader = undefined;
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
