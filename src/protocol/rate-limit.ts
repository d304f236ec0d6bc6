/**
 * Per-connection rate limiting. Pure: the caller passes the clock, so tests need no timers and
 * one clock read per message serves every limiter.
 */

export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
}

/** Classic token bucket, starting full so a fresh connection may burst up to `capacity`. */
export class TokenBucket {
  private tokens: number;
  private lastMs: number | undefined;

  constructor(private readonly opts: TokenBucketOptions) {
    if (!(opts.capacity > 0) || !(opts.refillPerSecond >= 0)) {
      throw new RangeError('capacity must be > 0 and refillPerSecond >= 0');
    }
    this.tokens = opts.capacity;
  }

  /** Takes `n` tokens if all are available; a refusal takes none. */
  take(n: number, nowMs: number): boolean {
    this.refill(nowMs);
    if (n > this.tokens) {
      return false;
    }
    this.tokens -= n;
    return true;
  }

  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }

  private refill(nowMs: number): void {
    if (this.lastMs !== undefined && nowMs > this.lastMs) {
      const earned = ((nowMs - this.lastMs) / 1000) * this.opts.refillPerSecond;
      this.tokens = Math.min(this.opts.capacity, this.tokens + earned);
    }
    // Never move the reference backwards, or a skewed clock would mint tokens twice.
    if (this.lastMs === undefined || nowMs > this.lastMs) {
      this.lastMs = nowMs;
    }
  }
}

/**
 * Counts events in the last `windowMs` (an event at t counts while now - t < windowMs). Keeps at
 * most `capacity` timestamps in a ring, so a flood costs fixed memory; counts saturate there.
 */
export class SlidingCounter {
  private readonly stamps: Float64Array;
  private head = 0; // index of the oldest kept stamp
  private count = 0;

  constructor(
    private readonly windowMs: number,
    capacity: number,
  ) {
    if (!(windowMs > 0) || !Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError('windowMs must be > 0 and capacity a positive integer');
    }
    this.stamps = new Float64Array(capacity);
  }

  /** Records one event at `nowMs` and returns the number of events in the window, itself included. */
  record(nowMs: number): number {
    this.expire(nowMs);
    const capacity = this.stamps.length;
    if (this.count === capacity) {
      this.head = (this.head + 1) % capacity; // drop the oldest: the count is saturated anyway
      this.count--;
    }
    this.stamps[(this.head + this.count) % capacity] = nowMs;
    this.count++;
    return this.count;
  }

  current(nowMs: number): number {
    this.expire(nowMs);
    return this.count;
  }

  private expire(nowMs: number): void {
    while (this.count > 0 && nowMs - this.stamps[this.head] >= this.windowMs) {
      this.head = (this.head + 1) % this.stamps.length;
      this.count--;
    }
  }
}

/** WebSocket close code for policy violations, used when the abuse window trips. */
export const ABUSE_CLOSE_CODE = 1008;

export interface AbuseWindowOptions {
  limit?: number;
  windowMs?: number;
}

/** Rejected frames per connection: `limit` rejections within `windowMs` mean "close with 1008". */
export class AbuseWindow {
  private readonly counter: SlidingCounter;
  private readonly limit: number;

  constructor(opts: AbuseWindowOptions = {}) {
    this.limit = opts.limit ?? 20;
    this.counter = new SlidingCounter(opts.windowMs ?? 10_000, this.limit);
  }

  /** Records one rejection; true when the connection should now be closed. */
  record(nowMs: number): boolean {
    return this.counter.record(nowMs) >= this.limit;
  }
}
