import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext, SecureContextOptions } from 'node:tls';

/** The certificate (chain) and key files as read, and a digest of both to notice any change. */
export interface TlsFiles {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly digest: string;
}

/** A pair that parsed and matched, ready to serve. */
export interface TlsPair extends TlsFiles {
  readonly subject: string;
  readonly notAfter: Date;
}

export async function readTlsFiles(certFile: string, keyFile: string): Promise<TlsFiles> {
  const [cert, key] = await Promise.all([readFile(certFile), readFile(keyFile)]);
  const digest = createHash('sha256').update(cert).update('\0').update(key).digest('hex');
  return { cert, key, digest };
}

/**
 * Options for both the listener's first context and every renewed one. `setSecureContext()` builds
 * a context from these options only, so the protocol range must be repeated here or a renewal
 * would silently fall back to Node's defaults.
 */
export function secureContextOptions(pair: TlsFiles): SecureContextOptions {
  return { cert: pair.cert, key: pair.key, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' };
}

/**
 * Checks that the files hold a certificate and the private key that belongs to it (the first
 * certificate of a chain is the server's own). Throws with the reason otherwise.
 */
export function validateTlsPair(files: TlsFiles): TlsPair {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(files.cert);
  } catch (err) {
    throw new Error(`the certificate does not parse: ${(err as Error).message}`);
  }
  let matches: boolean;
  try {
    matches = certificate.checkPrivateKey(createPrivateKey(files.key));
  } catch (err) {
    throw new Error(`the private key does not parse: ${(err as Error).message}`);
  }
  if (!matches) {
    throw new Error('the private key does not belong to the certificate');
  }
  // Whatever else OpenSSL would refuse (a broken chain entry, say) is refused here, not at swap time.
  createSecureContext(secureContextOptions(files));
  return { ...files, subject: certificate.subject.replace(/\n/g, ', '), notAfter: new Date(certificate.validTo) };
}
