/**
 * The shipped DLL's reconnect schedule (its SignalingClient): the delay starts at 1 s and doubles
 * up to 30 s; the failure counter resets after each successful connect but the delay does not;
 * after 10 consecutive failed attempts it gives up. Reproducing it lets the simulator load a
 * coordinator the way real players do after a node restart.
 */
export interface BackoffOptions {
  /** First delay, ms (the DLL: 1000). Tests shorten it. */
  baseMs?: number;
  /** Cap, ms (the DLL: 30000). */
  maxMs?: number;
  /** Consecutive failed attempts before giving up (the DLL: 10). */
  maxAttempts?: number;
  /** The DLL keeps its last delay after a successful connect; set true to start again from baseMs. */
  resetDelayOnConnect?: boolean;
}

export const DLL_BACKOFF: Required<BackoffOptions> = Object.freeze({
  baseMs: 1000,
  maxMs: 30_000,
  maxAttempts: 10,
  resetDelayOnConnect: false,
});

export class ReconnectBackoff {
  private readonly options: Required<BackoffOptions>;
  private delayMs: number;
  private failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.options = { ...DLL_BACKOFF, ...options };
    if (this.options.baseMs <= 0 || this.options.maxMs < this.options.baseMs || this.options.maxAttempts < 1) {
      throw new RangeError('backoff needs 0 < baseMs <= maxMs and maxAttempts >= 1');
    }
    this.delayMs = this.options.baseMs;
  }

  /** Consecutive failed attempts so far. */
  get attempts(): number {
    return this.failures;
  }

  /** True once maxAttempts consecutive attempts have failed. */
  get exhausted(): boolean {
    return this.failures >= this.options.maxAttempts;
  }

  /**
   * The wait before the next attempt, advancing the schedule; undefined when the budget is spent.
   * Called once per attempt, before it is made.
   */
  nextDelay(): number | undefined {
    if (this.exhausted) {
      return undefined;
    }
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.options.maxMs);
    return delay;
  }

  /** An attempt failed (the connection could not be opened). */
  recordFailure(): void {
    this.failures += 1;
  }

  /** A connection opened: the failure budget starts again. */
  recordSuccess(): void {
    this.failures = 0;
    if (this.options.resetDelayOnConnect) {
      this.delayMs = this.options.baseMs;
    }
  }

  /** The first `count` delays of a fresh schedule (for docs and tests). */
  static schedule(count: number, options: BackoffOptions = {}): number[] {
    const backoff = new ReconnectBackoff(options);
    const delays: number[] = [];
    for (let i = 0; i < count; i += 1) {
      delays.push(backoff.nextDelay() as number);
    }
    return delays;
  }
}
