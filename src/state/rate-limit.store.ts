export interface RateLimitResult {
  allowed: boolean;
  /** Hits counted in the current window, including this one. */
  count: number;
  /** Hits still allowed in the current window. */
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/**
 * Fixed-window rate limiter shared by all nodes. Each `hit` counts, even when denied,
 * so a client hammering past the limit does not get extra room in the same window.
 */
export abstract class RateLimitStore {
  abstract hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
}
