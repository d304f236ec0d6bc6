import type { IncomingHttpHeaders } from 'node:http';
import { AppConfig } from '../config/app-config';
import { apiKeyMatches, bearerToken } from './api-key';

/** `/metrics` on the main port (the separate listener has no router and checks the path itself). */
export const METRICS_PATH = /^\/metrics\/?(\?|$)/;

/**
 * METRICS_API_KEY: a scraper's own credential, separate from the admin key so a Prometheus config
 * never holds admin rights. Accepted as `Authorization: Bearer <key>` (Prometheus'
 * `authorization` / `bearer_token`) or in the API key header. Unset: metrics are open.
 */
export function metricsRequestAllowed(headers: IncomingHttpHeaders, config: AppConfig): boolean {
  const expected = config.metrics.apiKey;
  if (!expected) {
    return true;
  }
  return (
    apiKeyMatches(bearerToken(headers.authorization), expected) ||
    apiKeyMatches(headers[config.auth.apiKeyHeader], expected)
  );
}
