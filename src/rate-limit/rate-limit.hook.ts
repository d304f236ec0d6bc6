import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RequestCredentials } from '../auth/request-credentials';
import { AppConfig } from '../config/app-config';
import { RateLimitStore } from '../state/rate-limit.store';
import { RestRateLimiter } from './rest-rate-limiter';

/**
 * Installs the REST rate limiter. A plain hook rather than @fastify/rate-limit: the limits must be
 * keyed by route group and token subject, share RateLimitStore (atomic Redis or memory) and answer
 * the earlier coordinator's 429 body, and the adapter's CORS hook already runs first, so 429s
 * carry CORS headers.
 */
export function registerRateLimit(app: NestFastifyApplication, config: AppConfig): void {
  if (!config.auth.rateLimit.enabled) {
    return;
  }
  const limiter = new RestRateLimiter(config, app.get(RateLimitStore), app.get(RequestCredentials));
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply) => limiter.onRequest(request, reply));
}
