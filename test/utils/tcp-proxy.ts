import { createServer, createConnection, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP forwarder the test controls: `pause()` destroys every open connection and refuses new ones
 * (the dependency looks down to the app), `resume()` forwards again. Lets readiness be tested
 * without stopping the machine's shared PostgreSQL or Redis.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private paused = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    const server = createServer((client) => {
      if (this.paused) {
        client.destroy();
        return;
      }
      const upstream = createConnection(this.targetPort, this.targetHost);
      this.track(client);
      this.track(upstream);
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  pause(): void {
    this.paused = true;
    for (const socket of this.sockets) {
      socket.destroy();
    }
  }

  resume(): void {
    this.paused = false;
  }

  async stop(): Promise<void> {
    this.pause();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** `scheme://user@host:port/db` with host and port replaced by this proxy's. */
  rewrite(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }
}
