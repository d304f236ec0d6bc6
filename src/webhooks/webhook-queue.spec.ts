import { register } from 'prom-client';
import {
  WebhookClock,
  WebhookDelivery,
  WebhookFetch,
  WebhookQueue,
  WebhookQueueOptions,
  WebhookResponse,
} from './webhook-queue';
import { WEBHOOK_RESULTS, WebhookResult, webhookDeliveries } from './webhook.metrics';

/** Timers in virtual time: `advance` runs what falls due, in order. */
class FakeClock implements WebhookClock {
  now = 0;
  private next = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void; retry: boolean }>();

  setTimeout(callback: () => void, ms: number, retry = true): unknown {
    const handle = this.next++;
    this.timers.set(handle, { at: this.now + ms, callback, retry });
    return handle;
  }

  /** What AbortSignal.timeout does, in this clock's time. */
  signalAfter(ms: number): AbortSignal {
    const controller = new AbortController();
    this.setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), ms, false);
    return controller.signal;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Retry waits still to run, from now. */
  get pending(): number[] {
    return [...this.timers.values()]
      .filter((timer) => timer.retry)
      .map((timer) => timer.at - this.now)
      .sort((a, b) => a - b);
  }

  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at);
      if (due.length === 0) {
        break;
      }
      const [handle, timer] = due[0];
      this.timers.delete(handle);
      this.now = timer.at;
      timer.callback();
      await flush();
    }
    this.now = until;
    await flush();
  }
}

/** Lets every promise chain settle (the clock is fake; setImmediate is real). */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A receiver that never answers: the attempt ends when its signal aborts, as fetch does. */
const hang = (_url: string, init: Parameters<WebhookFetch>[1]): Promise<WebhookResponse> =>
  new Promise((_resolve, reject) =>
    init.signal.addEventListener('abort', () => reject(new Error('aborted', { cause: init.signal.reason }))),
  );

const response = (status: number): WebhookResponse => ({ ok: status >= 200 && status < 300, status, body: null });

function delivery(id = 'd1'): WebhookDelivery {
  return {
    id,
    url: 'https://hooks.example/secret-token',
    event: 'zone.updated',
    body: '{"x":1}',
    signature: 'sha256=ab',
  };
}

describe(WebhookQueue.name, () => {
  let clock: FakeClock;
  let results: WebhookResult[];
  let warnings: string[];
  let fetchMock: jest.MockedFunction<WebhookFetch>;

  const tally = (): Record<WebhookResult, number> =>
    Object.fromEntries(WEBHOOK_RESULTS.map((result) => [result, results.filter((r) => r === result).length])) as Record<
      WebhookResult,
      number
    >;

  function queue(options: Partial<WebhookQueueOptions> = {}): WebhookQueue {
    return new WebhookQueue({
      capacity: 10,
      maxAttempts: 5,
      retryBaseMs: 1000,
      timeoutMs: 5000,
      onResult: (result) => results.push(result),
      logger: { warn: (message) => warnings.push(message), debug: () => undefined },
      fetch: fetchMock,
      clock,
      timeoutSignal: (ms) => clock.signalAfter(ms),
      random: () => 0,
      ...options,
    });
  }

  beforeEach(() => {
    clock = new FakeClock();
    results = [];
    warnings = [];
    fetchMock = jest.fn<ReturnType<WebhookFetch>, Parameters<WebhookFetch>>();
  });

  it('should POST the signed body with its headers and count a 2xx as delivered', async () => {
    fetchMock.mockResolvedValue(response(204));
    const sut = queue();
    expect(sut.enqueue(delivery())).toBe(true);
    await sut.whenIdle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('https://hooks.example/secret-token');
    expect(init).toMatchObject({
      method: 'POST',
      body: '{"x":1}',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/json',
        'X-P2PC-Event': 'zone.updated',
        'X-P2PC-Delivery': 'd1',
        'X-P2PC-Signature': 'sha256=ab',
      },
    });
    expect(tally()).toEqual({ delivered: 1, failed: 0, dropped: 0 });
  });

  it('should retry with exponential backoff (network error, timeout, non-2xx) until delivered', async () => {
    fetchMock
      .mockRejectedValueOnce(new TypeError('fetch failed'))
      .mockImplementationOnce(hang)
      .mockResolvedValueOnce(response(500))
      .mockResolvedValueOnce(response(302))
      .mockResolvedValueOnce(response(200));
    const sut = queue();
    sut.enqueue(delivery());
    await flush();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(clock.pending).toEqual([1000]); // first retry after the base

    await clock.advance(1000);
    expect(fetchMock).toHaveBeenCalledTimes(2); // this one hangs until its 5 s timeout
    await clock.advance(4999);
    expect(results).toEqual(['failed']);
    await clock.advance(1);
    expect(results).toEqual(['failed', 'failed']);
    expect(clock.pending).toEqual([2000]);

    await clock.advance(2000); // 500
    expect(clock.pending).toEqual([4000]);
    await clock.advance(4000); // 302: redirects are not followed
    expect(clock.pending).toEqual([8000]);
    await clock.advance(7999);
    expect(fetchMock).toHaveBeenCalledTimes(4);
    await clock.advance(1);
    await sut.whenIdle();
    expect(fetchMock).toHaveBeenCalledTimes(5);
    expect(new Set(fetchMock.mock.calls.map(([, init]) => init.headers['X-P2PC-Delivery']))).toEqual(new Set(['d1']));
    expect(tally()).toEqual({ delivered: 1, failed: 4, dropped: 0 });
  });

  it('should add up to 20 % jitter to each wait', async () => {
    fetchMock.mockResolvedValue(response(503));
    const sut = queue({ random: () => 0.5 });
    sut.enqueue(delivery());
    await flush();
    expect(clock.pending).toEqual([1100]);
    await clock.advance(1100);
    expect(clock.pending).toEqual([2200]);
    sut.close();
  });

  it('should drop a delivery once its attempts are exhausted, naming only the host', async () => {
    fetchMock.mockResolvedValue(response(500));
    const sut = queue({ maxAttempts: 3 });
    sut.enqueue(delivery());
    await flush();
    await clock.advance(1000 + 2000);
    await sut.whenIdle();
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(clock.pending).toEqual([]);
    expect(tally()).toEqual({ delivered: 0, failed: 3, dropped: 1 });
    expect(warnings.join('\n')).toMatch(/dropped after 3 attempts \(last: HTTP 500\)/);
    expect(warnings.join('\n')).toContain('hooks.example');
    expect(warnings.join('\n')).not.toContain('secret-token');
  });

  it('should drop new deliveries while full, and take them again once it drains', async () => {
    const answers: ((value: WebhookResponse) => void)[] = [];
    fetchMock.mockImplementation(() => new Promise((resolve) => answers.push(resolve)));
    const sut = queue({ capacity: 2 });
    expect(sut.enqueue(delivery('a'))).toBe(true);
    expect(sut.enqueue(delivery('b'))).toBe(true);
    expect(sut.enqueue(delivery('c'))).toBe(false);
    expect(sut.enqueue(delivery('d'))).toBe(false);
    expect(sut.size).toBe(2);
    expect(tally()).toEqual({ delivered: 0, failed: 0, dropped: 2 });
    expect(warnings.filter((warning) => warning.includes('queue full'))).toHaveLength(1);

    answers.forEach((answer) => answer(response(200)));
    await sut.whenIdle();
    expect(sut.enqueue(delivery('e'))).toBe(true);
    answers[2](response(200));
    await sut.whenIdle();
    expect(tally()).toEqual({ delivered: 3, failed: 0, dropped: 2 });
  });

  it('should count deliveries waiting for a retry against the capacity', async () => {
    fetchMock.mockResolvedValue(response(500));
    const sut = queue({ capacity: 1 });
    sut.enqueue(delivery('a'));
    await flush();
    expect(clock.pending).toEqual([1000]);
    expect(sut.enqueue(delivery('b'))).toBe(false);
    sut.close();
  });

  it('should send at most `concurrency` at once and keep the rest waiting', async () => {
    const answers: ((value: WebhookResponse) => void)[] = [];
    fetchMock.mockImplementation(() => new Promise((resolve) => answers.push(resolve)));
    const sut = queue({ concurrency: 2 });
    ['a', 'b', 'c'].forEach((id) => sut.enqueue(delivery(id)));
    await flush();
    expect(fetchMock).toHaveBeenCalledTimes(2);
    answers[0](response(200));
    await flush();
    expect(fetchMock).toHaveBeenCalledTimes(3);
    answers.slice(1).forEach((answer) => answer(response(200)));
    await sut.whenIdle();
    expect(tally().delivered).toBe(3);
  });

  it('should never throw into the caller, whatever fetch, the clock or the counter do', async () => {
    fetchMock.mockImplementation(() => {
      throw new Error('synchronous failure');
    });
    const sut = queue({
      maxAttempts: 1,
      onResult: () => {
        throw new Error('counter broken');
      },
    });
    expect(() => sut.enqueue(delivery())).not.toThrow();
    await sut.whenIdle();

    const broken = queue({
      clock: {
        setTimeout: () => {
          throw new Error('no timers');
        },
        clearTimeout: () => undefined,
      },
      timeoutSignal: () => new AbortController().signal,
    });
    fetchMock.mockResolvedValue(response(500));
    expect(() => broken.enqueue(delivery())).not.toThrow();
    await broken.whenIdle();
    expect(warnings.join('\n')).toMatch(/failed unexpectedly/);
  });

  it('should stop on close: retry timers cleared, attempts in flight aborted, everything dropped', async () => {
    fetchMock.mockResolvedValueOnce(response(500)).mockImplementation(hang);
    const sut = queue({ capacity: 5 });
    sut.enqueue(delivery('retrying'));
    await flush();
    sut.enqueue(delivery('in-flight'));
    await flush();
    expect(clock.pending).toEqual([1000]);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    sut.close();
    await sut.whenIdle();
    expect(sut.size).toBe(0);
    await clock.advance(60_000);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(tally()).toEqual({ delivered: 0, failed: 1, dropped: 2 });
    expect(sut.enqueue(delivery('late'))).toBe(false);
    expect(tally().dropped).toBe(3);
  });

  it('should export every result of p2p_webhook_deliveries_total from the start', async () => {
    const metric = await register.getSingleMetric('p2p_webhook_deliveries_total')!.get();
    expect(metric.values.map((value) => value.labels.result).sort()).toEqual(['delivered', 'dropped', 'failed']);
    expect(webhookDeliveries).toBeDefined();
  });
});
