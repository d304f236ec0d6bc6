import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CertificateFiles {
  cert: string;
  key: string;
}

/**
 * A self-signed certificate for `cn`, made for this run (openssl is part of the base system), in
 * `dir` as `<name>.crt` / `<name>.key`.
 */
export function makeCertificate(
  cn = '127.0.0.1',
  dir = mkdtempSync(join(tmpdir(), 'coordinator-tls-')),
  name = 'server',
): CertificateFiles {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${cn}`],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/** Copies a pair over the files a listener serves, the certificate first, as renewal tools do. */
export function install(pair: CertificateFiles, served: CertificateFiles): void {
  copyFileSync(pair.cert, served.cert);
  copyFileSync(pair.key, served.key);
}

/** The SHA-256 fingerprint of a certificate file, as `getPeerCertificate().fingerprint256` gives it. */
export function fingerprint(certFile: string): string {
  return new X509Certificate(readFileSync(certFile)).fingerprint256;
}
