import { createServer } from 'node:net';

/**
 * A start-up failure the operator can fix from its message alone: main.ts prints the message
 * without a stack trace.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/**
 * The error of a listener that could not bind, in terms of the variable that sets its port: two
 * nodes on one host both binding the default metrics port should read "set PROMETHEUS_PORT", not
 * "listen EADDRINUSE". `advice` adds what else the variable allows. Other errors pass through.
 */
export function listenFailure(error: unknown, variable: string, host: string, port: number, advice = ''): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  const extra = advice ? `, ${advice}` : '';
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `Port ${port} (${variable}) on ${host} is already in use, perhaps by another coordinator node on this host: ` +
        `set ${variable} to a free port${extra}`,
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `Port ${port} (${variable}) on ${host} may not be bound by this user (ports below 1024 need privileges): ` +
        `set ${variable} to a port above 1023${extra}`,
    );
  }
  if (code === 'EADDRNOTAVAIL') {
    return new StartupError(
      `Address ${host} (HOST) is not an address of this machine: set HOST to one of its addresses`,
    );
  }
  return error;
}

export interface PortUse {
  variable: string;
  port: number;
  advice?: string;
}

/**
 * Binds each port for a moment before anything else starts, so a clash is reported at once in the
 * words above (not after migrations and connections, and not as the HTTP framework's own
 * `listen EADDRINUSE` line first). Port 0 is skipped: any free port will do. The listeners still
 * map their own errors, for a port taken in between.
 */
export async function ensurePortsFree(host: string, uses: PortUse[]): Promise<void> {
  for (const { variable, port, advice } of uses) {
    if (port === 0) {
      continue;
    }
    const server = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, exclusive: true }, () => resolve());
      });
    } catch (error) {
      throw listenFailure(error, variable, host, port, advice);
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
