/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; here the bodies are
   deliberately synchronous, which is what makes each method atomic. */
import { OnModuleDestroy } from '@nestjs/common';
import { RateLimitResult, RateLimitStore } from '../rate-limit.store';
import { assertTtl } from '../state.validation';
import { ExpiringMap } from './expiring-map';

/** Frequent sweeps: rate-limit keys are often one-off (per IP, per token) and windows are short. */
const PRUNE_MS = 5_000;

/**
 * Fixed-window counters. Each key lives only until its window ends and the periodic sweep
 * removes it, so memory is bounded by the keys hit within one window.
 */
export class MemoryRateLimitStore extends RateLimitStore implements OnModuleDestroy {
  private readonly counters = new ExpiringMap<string, number>(PRUNE_MS);

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    assertTtl(windowMs, 'Rate-limit window');
    const count = (this.counters.get(key) ?? 0) + 1;
    const resetMs = this.counters.ttl(key) ?? windowMs;
    this.counters.set(key, count, resetMs);
    return { allowed: count <= limit, count, remaining: Math.max(0, limit - count), resetMs };
  }

  onModuleDestroy(): void {
    this.counters.dispose();
  }
}
