import { DLL_BACKOFF, ReconnectBackoff } from './backoff';

describe('ReconnectBackoff', () => {
  it('should follow the DLL schedule: 1 s doubling to a 30 s cap', () => {
    expect(ReconnectBackoff.schedule(8)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('should give up after 10 consecutive failed attempts', () => {
    const backoff = new ReconnectBackoff();
    let sleeps = 0;
    for (let i = 0; i < DLL_BACKOFF.maxAttempts; i += 1) {
      sleeps += backoff.nextDelay() as number;
      backoff.recordFailure();
    }
    expect(backoff.exhausted).toBe(true);
    expect(backoff.nextDelay()).toBeUndefined();
    expect(sleeps).toBe(1000 + 2000 + 4000 + 8000 + 16000 + 5 * 30000);
  });

  it('should reset the failure count but keep the delay after a successful connect, as the DLL does', () => {
    const backoff = new ReconnectBackoff();
    backoff.nextDelay();
    backoff.recordFailure();
    backoff.nextDelay();
    backoff.recordSuccess();
    expect(backoff.attempts).toBe(0);
    expect(backoff.nextDelay()).toBe(4000);
  });

  it('should start again from the base when asked to', () => {
    const backoff = new ReconnectBackoff({ baseMs: 10, resetDelayOnConnect: true });
    backoff.nextDelay();
    backoff.nextDelay();
    backoff.recordSuccess();
    expect(backoff.nextDelay()).toBe(10);
  });

  it('should scale with a shorter base for tests and refuse a nonsensical schedule', () => {
    expect(ReconnectBackoff.schedule(4, { baseMs: 50, maxMs: 200 })).toEqual([50, 100, 200, 200]);
    expect(() => new ReconnectBackoff({ baseMs: 0 })).toThrow(RangeError);
    expect(() => new ReconnectBackoff({ baseMs: 100, maxMs: 10 })).toThrow(RangeError);
  });
});
