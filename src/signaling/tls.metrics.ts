import { counter, gauge } from '../metrics/metric-factory';

/** Renewed certificate pairs found on disk: `ok` now served, `error` refused (the previous pair still served). */
export const tlsReloads = counter({
  name: 'p2p_tls_reloads_total',
  help: 'Changed TLS certificate pairs found on disk: ok (now served) or error (refused, the previous pair kept)',
  labelNames: ['result'],
});

/** For an alert well before the served certificate runs out, e.g. when renewals keep failing. */
export const tlsCertificateExpiry = gauge({
  name: 'p2p_tls_certificate_expiry_seconds',
  help: 'notAfter of the certificate served on the TLS listener, as Unix time in seconds',
});
