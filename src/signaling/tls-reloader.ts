import { Logger } from '@nestjs/common';
import { readTlsFiles, TlsFiles, TlsPair, validateTlsPair } from './tls-credentials';
import { tlsCertificateExpiry, tlsReloads } from './tls.metrics';

/** What one check found. */
export type TlsCheck = 'unchanged' | 'reloaded' | 'pending' | 'refused';

/**
 * Serves a renewed certificate pair without a restart: every interval it reads both files and,
 * when their content changed and the new pair is valid, hands it to `apply` (the listener's
 * `setSecureContext()`: new handshakes get it, open connections keep theirs).
 *
 * It polls the content instead of using fs.watch: Kubernetes updates a mounted Secret by swapping a
 * symlink to a new directory, certbot re-points symlinks, and editors replace files by rename;
 * watchers miss or misreport those, and mtimes can stay put, while reading a few kilobytes every
 * half minute notices all of them.
 *
 * Renewal tools write the certificate and the key one after the other, so a check can catch a new
 * certificate with the old key. A bad pair is therefore only refused (one log line, one count) once
 * the same content is still there at the next check; until then it is retried silently.
 */
export class TlsReloader {
  private readonly logger = new Logger(TlsReloader.name);
  private served: string;
  /** A bad pair seen once: refused if it is still there at the next check. */
  private suspect?: string;
  /** The last bad pair refused, so that it is not reported again at every check. */
  private refused?: string;
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly certFile: string,
    private readonly keyFile: string,
    initial: TlsPair,
    private readonly apply: (pair: TlsPair) => void,
  ) {
    this.served = initial.digest;
    tlsCertificateExpiry.set(initial.notAfter.getTime() / 1000);
    for (const result of ['ok', 'error']) {
      tlsReloads.inc({ result }, 0);
    }
  }

  /** Checks every `intervalSeconds` (none when 0) until stop(). */
  start(intervalSeconds: number): void {
    if (intervalSeconds <= 0 || this.timer) {
      return;
    }
    this.timer = setInterval(() => void this.check(), intervalSeconds * 1000);
    // The node's shutdown must not wait for the next check.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check; never throws. A check still running (slow disk) makes this one a no-op. */
  async check(): Promise<TlsCheck> {
    if (this.checking) {
      return 'unchanged';
    }
    this.checking = true;
    try {
      return await this.checkFiles();
    } finally {
      this.checking = false;
    }
  }

  private async checkFiles(): Promise<TlsCheck> {
    let files: TlsFiles;
    try {
      files = await readTlsFiles(this.certFile, this.keyFile);
    } catch (err) {
      // A file missing mid-swap is a bad pair like any other: retried first, reported if it stays.
      return this.bad(`unreadable:${(err as Error).message}`, `a file cannot be read: ${(err as Error).message}`);
    }
    if (files.digest === this.served) {
      this.suspect = undefined;
      this.refused = undefined;
      return 'unchanged';
    }
    let pair: TlsPair;
    try {
      pair = validateTlsPair(files);
    } catch (err) {
      return this.bad(files.digest, (err as Error).message);
    }
    try {
      this.apply(pair);
    } catch (err) {
      return this.bad(files.digest, `the listener refused it: ${(err as Error).message}`);
    }
    this.served = pair.digest;
    this.suspect = undefined;
    this.refused = undefined;
    tlsReloads.inc({ result: 'ok' });
    tlsCertificateExpiry.set(pair.notAfter.getTime() / 1000);
    this.logger.log(
      `TLS certificate reloaded for new connections: ${pair.subject}, valid until ${pair.notAfter.toISOString()}`,
    );
    return 'reloaded';
  }

  private bad(digest: string, reason: string): TlsCheck {
    if (digest === this.refused) {
      return 'refused';
    }
    if (digest !== this.suspect) {
      this.suspect = digest;
      return 'pending';
    }
    this.suspect = undefined;
    this.refused = digest;
    tlsReloads.inc({ result: 'error' });
    this.logger.error(
      `TLS certificate pair in ${this.certFile} / ${this.keyFile} refused (${reason}); still serving the previous one`,
    );
    return 'refused';
  }
}
