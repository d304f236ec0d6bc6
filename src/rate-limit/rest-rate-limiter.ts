import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestCredentials } from '../auth/request-credentials';
import { ClientIpResolver } from '../common/http/client-ip';
import { AppConfig } from '../config/app-config';
import { counter } from '../metrics/metric-factory';
import { RateLimitResult, RateLimitStore } from '../state/rate-limit.store';
import { withTimeout } from '../common/with-timeout';
import { limitGroupOf } from './rate-limit.rules';

// A slow store must not make every request slow: past this, the request goes through uncounted.
const STORE_TIMEOUT_MS = 250;

const rejections = counter({
  name: 'p2p_rate_limit_rejections_total',
  help: 'REST requests refused with 429',
  labelNames: ['group'],
});
const storeErrors = counter({
  name: 'p2p_rate_limit_store_errors_total',
  help: 'Rate-limit checks skipped because the store failed (failed open)',
});

/**
 * Fixed-window REST limits per client IP and, with a valid token, per subject. Runs as a Fastify
 * `onRequest` hook: before body parsing, routing to Nest and the guards, so requests refused for
 * a bad key or token are counted too (key brute force is throttled).
 */
export class RestRateLimiter {
  private readonly logger = new Logger('RateLimit');
  private readonly ips: ClientIpResolver;

  constructor(
    private readonly config: AppConfig,
    private readonly store: RateLimitStore,
    private readonly credentials: RequestCredentials,
  ) {
    this.ips = new ClientIpResolver(config.auth.trustedProxies);
  }

  async onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const group = limitGroupOf(request.method, request.url);
    if (!group) {
      return undefined;
    }
    const { windowSeconds, authLimit, apiLimit } = this.config.auth.rateLimit;
    const limit = group === 'auth' ? authLimit : apiLimit;
    const keys = [`${group}:ip:${this.ips.resolve(request.socket.remoteAddress, request.headers['x-forwarded-for'])}`];
    if (group === 'api') {
      const subject = this.credentials.signedSubject(request);
      if (subject !== undefined) {
        keys.push(`api:sub:${subject}`);
      }
    }
    let results: RateLimitResult[];
    try {
      results = await withTimeout(
        Promise.all(keys.map((key) => this.store.hit(key, limit, windowSeconds * 1000))),
        STORE_TIMEOUT_MS,
      );
    } catch (error) {
      storeErrors.inc();
      this.logger.warn(`Rate-limit store failed; request allowed: ${(error as Error).message}`);
      return undefined;
    }
    const worst = results.reduce((a, b) =>
      (!b.allowed && a.allowed) || (b.allowed === a.allowed && b.remaining < a.remaining) ? b : a,
    );
    const resetSeconds = Math.max(1, Math.ceil(worst.resetMs / 1000));
    const resetEpoch = Math.ceil(Date.now() / 1000) + resetSeconds;
    void reply
      .header('x-ratelimit-limit', limit)
      .header('x-ratelimit-remaining', worst.remaining)
      .header('x-ratelimit-reset', resetEpoch);
    if (worst.allowed) {
      return undefined;
    }
    rejections.inc({ group });
    // Returning the reply after send() ends the request here (Fastify's async-hook contract).
    return reply
      .code(429)
      .header('retry-after', resetSeconds)
      .header('content-type', 'application/json; charset=utf-8')
      .send({
        error: 'rate_limit_exceeded',
        code: 'RATE_LIMITED',
        message: `Rate limit exceeded. Try again in ${resetSeconds} seconds.`,
        limit,
        window_seconds: windowSeconds,
        reset_time: resetEpoch,
        status_code: 429,
        correlation_id: String(request.id),
      });
  }
}
