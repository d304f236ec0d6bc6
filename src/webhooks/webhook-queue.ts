import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER } from './webhook-signature';
import type { WebhookResult } from './webhook.metrics';

/** One POST of one event to one URL; its id is the same on every attempt (receivers dedupe on it). */
export interface WebhookDelivery {
  readonly id: string;
  readonly url: string;
  readonly event: string;
  /** The raw JSON body, sent byte for byte as signed. */
  readonly body: string;
  /** `sha256=<hex>` of `body`. */
  readonly signature: string;
}

/** What the queue needs of a response: global `fetch`'s Response satisfies it. */
export interface WebhookResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly body?: { cancel(): Promise<void> } | null;
}

export type WebhookFetch = (
  url: string,
  init: {
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    redirect: 'manual';
    signal: AbortSignal;
  },
) => Promise<WebhookResponse>;

/** Timers the queue schedules retries with (tests pass a fake one). */
export interface WebhookClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WebhookQueueLogger {
  warn(message: string): void;
  debug(message: string): void;
}

export interface WebhookQueueOptions {
  /** Deliveries held at once: waiting, sending and between retries. Past it, new ones are dropped. */
  capacity: number;
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  /** Wait before the first retry; doubled for each further one (plus up to 20 % jitter). */
  retryBaseMs: number;
  /** Bound on one attempt. */
  timeoutMs: number;
  /** Attempts sending at once (so one slow receiver cannot hold every other delivery). */
  concurrency?: number;
  onResult: (result: WebhookResult) => void;
  logger: WebhookQueueLogger;
  fetch?: WebhookFetch;
  clock?: WebhookClock;
  /** The signal bounding one attempt; `AbortSignal.timeout` unless a test controls time. */
  timeoutSignal?: (ms: number) => AbortSignal;
  random?: () => number;
}

const REAL_CLOCK: WebhookClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const JITTER = 0.2;

interface Pending {
  readonly delivery: WebhookDelivery;
  attempts: number;
}

/** The receiver's host only: a webhook URL's path or query may carry its credential. */
function origin(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return `${error.name}${detail}`;
  }
  return String(error);
}

/**
 * A node's webhook deliveries: an in-memory, bounded queue with retries and exponential backoff.
 * `enqueue` never blocks and never throws; a delivery is retried after a network error, a timeout or
 * a non-2xx answer (redirects are not followed) until `maxAttempts`, then dropped. Nothing survives
 * the process: `close()` clears the retry timers, aborts the attempts in flight and drops the rest.
 */
export class WebhookQueue {
  private readonly ready: Pending[] = [];
  private readonly retrying = new Map<unknown, Pending>();
  private readonly shutdown = new AbortController();
  private readonly fetch: WebhookFetch;
  private readonly clock: WebhookClock;
  private readonly timeoutSignal: (ms: number) => AbortSignal;
  private readonly random: () => number;
  private readonly concurrency: number;
  private inFlight = 0;
  private closed = false;
  private full = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WebhookQueueOptions) {
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.clock = options.clock ?? REAL_CLOCK;
    this.timeoutSignal = options.timeoutSignal ?? ((ms) => AbortSignal.timeout(ms));
    this.random = options.random ?? Math.random;
    this.concurrency = options.concurrency ?? 8;
  }

  /** Deliveries held: waiting, sending or between retries. */
  get size(): number {
    return this.ready.length + this.inFlight + this.retrying.size;
  }

  /** Takes a delivery, or drops it (counted) when the queue is full or closed. Never throws. */
  enqueue(delivery: WebhookDelivery): boolean {
    try {
      if (this.closed || this.size >= this.options.capacity) {
        this.count('dropped');
        if (!this.closed && !this.full) {
          this.full = true;
          this.options.logger.warn(
            `Webhook queue full (${this.options.capacity}); dropping new deliveries until it drains`,
          );
        }
        return false;
      }
      this.ready.push({ delivery, attempts: 0 });
      this.pump();
      return true;
    } catch (error) {
      this.options.logger.warn(`Webhook not queued: ${describe(error)}`);
      return false;
    }
  }

  /** Resolves once nothing is held (tests; a closed queue settles as its aborted attempts end). */
  whenIdle(): Promise<void> {
    if (this.size === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops for good: retry timers cleared, attempts in flight aborted, everything held dropped. */
  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    for (const handle of this.retrying.keys()) {
      this.clock.clearTimeout(handle);
    }
    const abandoned = this.ready.length + this.retrying.size;
    this.ready.length = 0;
    this.retrying.clear();
    for (let index = 0; index < abandoned; index += 1) {
      this.count('dropped');
    }
    this.shutdown.abort();
    this.settle();
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.concurrency && this.ready.length > 0) {
      const pending = this.ready.shift()!;
      this.inFlight += 1;
      this.attempt(pending)
        .catch((error: unknown) => {
          // attempt() handles its own failures; this is a last guard against a bug leaking out.
          this.options.logger.warn(`Webhook delivery ${pending.delivery.id} failed unexpectedly: ${describe(error)}`);
          this.count('dropped');
        })
        .finally(() => {
          this.inFlight -= 1;
          this.pump();
          this.settle();
        });
    }
  }

  private async attempt(pending: Pending): Promise<void> {
    const { delivery } = pending;
    pending.attempts += 1;
    let problem: string;
    try {
      const response = await this.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          [EVENT_HEADER]: delivery.event,
          [DELIVERY_HEADER]: delivery.id,
          [SIGNATURE_HEADER]: delivery.signature,
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.any([this.timeoutSignal(this.options.timeoutMs), this.shutdown.signal]),
      });
      // The answer's body is not read: release the connection at once.
      response.body?.cancel().catch(() => undefined);
      if (response.ok) {
        this.count('delivered');
        return;
      }
      problem = `HTTP ${response.status}`;
    } catch (error) {
      problem = describe(error);
    }
    if (this.closed) {
      this.count('dropped'); // Abandoned by the shutdown.
      return;
    }
    this.count('failed');
    const where = `${delivery.event} ${delivery.id} to ${origin(delivery.url)}`;
    if (pending.attempts >= this.options.maxAttempts) {
      this.count('dropped');
      this.options.logger.warn(`Webhook ${where} dropped after ${pending.attempts} attempts (last: ${problem})`);
      return;
    }
    const delay = this.backoff(pending.attempts);
    this.options.logger.debug(
      `Webhook ${where}: attempt ${pending.attempts} failed (${problem}); retry in ${delay} ms`,
    );
    const handle = this.clock.setTimeout(() => {
      if (this.retrying.delete(handle)) {
        this.ready.push(pending);
        this.pump();
      }
    }, delay);
    this.retrying.set(handle, pending);
  }

  /** Wait after the `attempts`-th failure: base, 2× base, 4× base, … plus up to 20 % jitter. */
  private backoff(attempts: number): number {
    const exact = this.options.retryBaseMs * 2 ** (attempts - 1);
    return Math.round(exact * (1 + JITTER * this.random()));
  }

  private count(result: WebhookResult): void {
    try {
      this.options.onResult(result);
    } catch {
      // Counting must never break delivery.
    }
  }

  private settle(): void {
    if (this.full && this.size < this.options.capacity) {
      this.full = false;
    }
    if (this.size === 0 && this.idleWaiters.length > 0) {
      for (const resolve of this.idleWaiters.splice(0)) {
        resolve();
      }
    }
  }
}
