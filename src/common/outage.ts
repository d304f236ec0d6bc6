import type { LoggerService } from '@nestjs/common';
import { isDatabaseUnavailable } from './errors/database-errors';

export type Dependency = 'redis' | 'database';

/** What ioredis (and our own PING timeout) say when Redis cannot be reached, rather than a command failing. */
const REDIS_UNREACHABLE =
  /connection is closed|stream isn't writeable|enableOfflineQueue|Redis did not answer|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND/i;

/**
 * Which dependency an error says is unreachable, or undefined for any other failure. An outage is
 * reported once by the dependency's own OutageNotice, so callers that run every few seconds log such
 * errors at debug level only (see logFailure).
 */
export function unreachableDependency(error: unknown): Dependency | undefined {
  if (isDatabaseUnavailable(error)) {
    return 'database';
  }
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return REDIS_UNREACHABLE.test(text) ? 'redis' : undefined;
}

/**
 * Logs a failed background duty: at warn level when something is wrong with the duty itself, at
 * debug level when a dependency is simply down (its OutageNotice has said so once already).
 */
export function logFailure(logger: Pick<LoggerService, 'warn' | 'debug'>, what: string, error: unknown): void {
  const text = error instanceof Error ? error.message : String(error);
  if (unreachableDependency(error)) {
    logger.debug?.(`${what} skipped while a dependency is down: ${text}`);
  } else {
    logger.warn(`${what} failed: ${text}`);
  }
}

/**
 * `host:port` of a service URL, for messages: never the user name or password it may carry.
 * `defaultPort` fills in an URL that names none.
 */
export function endpointOf(url: string | undefined, defaultPort: number): string {
  if (!url) {
    return 'an unknown address';
  }
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || 'localhost';
    return `${host}:${parsed.port || defaultPort}`;
  } catch {
    return 'an unparsable address';
  }
}

export interface OutageTexts {
  /** Said once when the first source fails; `detail` is the first error's own words. */
  down(detail: string): string;
  /** Said once when every failed source works again. */
  up: string;
}

/**
 * One dependency's outage, told once when it starts and once when it ends, however many
 * connections (sources) fail and retry in between: a reconnect loop every few seconds would
 * otherwise repeat the same error until the operator stops reading the log.
 */
export class OutageNotice {
  private readonly failing = new Set<string>();
  private quiet = false;

  constructor(
    private readonly logger: Pick<LoggerService, 'error' | 'log'>,
    private readonly texts: OutageTexts,
  ) {}

  get down(): boolean {
    return this.failing.size > 0;
  }

  /** `source` failed; logs only when nothing of this dependency was failing before. */
  failed(source: string, detail: string): void {
    if (this.failing.has(source)) {
      return;
    }
    const first = this.failing.size === 0;
    this.failing.add(source);
    if (first && !this.quiet) {
      this.logger.error(this.texts.down(detail));
    }
  }

  /** `source` works; logs only when it was the last one failing. */
  recovered(source: string): void {
    if (!this.failing.delete(source)) {
      return;
    }
    if (this.failing.size === 0 && !this.quiet) {
      this.logger.log(this.texts.up);
    }
  }

  /** Shutting down: connections closing then are expected to fail, and nothing more is said. */
  silence(): void {
    this.quiet = true;
  }
}
