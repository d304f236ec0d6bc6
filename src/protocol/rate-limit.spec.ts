import { AbuseWindow, SlidingCounter, TokenBucket } from './rate-limit';

describe(TokenBucket.name, () => {
  it('should allow a burst up to capacity, then refill per second', () => {
    const sut = new TokenBucket({ capacity: 3, refillPerSecond: 2 });

    expect([sut.take(1, 0), sut.take(1, 0), sut.take(1, 0), sut.take(1, 0)]).toEqual([true, true, true, false]);
    expect(sut.take(1, 499)).toBe(false);
    expect(sut.take(1, 500)).toBe(true);
    expect(sut.available(10_000)).toBe(3);
  });

  it('should take nothing on a refusal, for byte budgets larger than what is left', () => {
    const sut = new TokenBucket({ capacity: 1000, refillPerSecond: 100 });

    expect(sut.take(800, 0)).toBe(true);
    expect(sut.take(300, 0)).toBe(false);
    expect(sut.take(200, 0)).toBe(true);
  });

  it('should not mint tokens when the clock goes backwards and forwards again', () => {
    const sut = new TokenBucket({ capacity: 10, refillPerSecond: 10 });
    sut.take(10, 1000);
    sut.take(0, 0);

    expect(sut.available(1100)).toBeCloseTo(1);
  });

  it('should refuse nonsensical settings', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
  });
});

describe(SlidingCounter.name, () => {
  it('should count events of the last window only', () => {
    const sut = new SlidingCounter(1000, 100);

    expect([sut.record(0), sut.record(500), sut.record(999)]).toEqual([1, 2, 3]);
    expect(sut.record(1000)).toBe(3); // the event at 0 has left the window
    expect(sut.current(2500)).toBe(0);
  });

  it('should saturate at its capacity instead of growing', () => {
    const sut = new SlidingCounter(1000, 3);

    for (let t = 0; t < 10; t++) {
      sut.record(t);
    }

    expect(sut.current(10)).toBe(3);
  });
});

describe(AbuseWindow.name, () => {
  it('should trip on the 20th rejection within 10 s by default', () => {
    const sut = new AbuseWindow();
    const verdicts = Array.from({ length: 20 }, (_, i) => sut.record(i * 500));

    expect(verdicts.slice(0, 19).every((v) => !v)).toBe(true);
    expect(verdicts[19]).toBe(true);
  });

  it('should not trip when rejections are spread out', () => {
    const sut = new AbuseWindow({ limit: 3, windowMs: 1000 });

    expect([0, 600, 1200, 1800, 2400].map((t) => sut.record(t))).toEqual([false, false, false, false, false]);
  });
});
