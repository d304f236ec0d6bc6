import { NodeFactory, sleep } from './state-contract.support';

export function runLimitContract(f: NodeFactory): void {
  it('a lease has one holder; the holder can re-acquire, renew and release it', async () => {
    const { leases } = await f.node();
    expect(await leases.acquire('sweep', 'n1', 5_000)).toBe(true);
    expect(await leases.acquire('sweep', 'n2', 5_000)).toBe(false);
    expect(await leases.acquire('sweep', 'n1', 5_000)).toBe(true);
    expect(await leases.holder('sweep')).toBe('n1');
    expect(await leases.renew('sweep', 'n2', 5_000)).toBe(false);
    expect(await leases.renew('sweep', 'n1', 5_000)).toBe(true);
    expect(await leases.release('sweep', 'n2')).toBe(false);
    expect(await leases.holder('sweep')).toBe('n1');
    expect(await leases.release('sweep', 'n1')).toBe(true);
    expect(await leases.holder('sweep')).toBeNull();
    expect(await leases.renew('sweep', 'n1', 5_000)).toBe(false);
  });

  it('renewing keeps a lease; an expired lease can be taken over', async () => {
    const { leases } = await f.node();
    await leases.acquire('sweep', 'n1', 200);
    for (let i = 0; i < 3; i++) {
      await sleep(100);
      expect(await leases.renew('sweep', 'n1', 200)).toBe(true);
    }
    expect(await leases.acquire('sweep', 'n2', 200)).toBe(false);
    await sleep(300);
    expect(await leases.holder('sweep')).toBeNull();
    expect(await leases.acquire('sweep', 'n2', 5_000)).toBe(true);
    expect(await leases.renew('sweep', 'n1', 200)).toBe(false);
    expect(await leases.holder('sweep')).toBe('n2');
  });

  it('rate limit counts hits, remaining and time to reset per key', async () => {
    const { rateLimits } = await f.node();
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(await rateLimits.hit('ip:1', 3, 10_000));
    }
    expect(results.map((r) => [r.allowed, r.count, r.remaining])).toEqual([
      [true, 1, 2],
      [true, 2, 1],
      [true, 3, 0],
      [false, 4, 0],
    ]);
    for (const r of results) {
      expect(r.resetMs).toBeGreaterThan(9_000);
      expect(r.resetMs).toBeLessThanOrEqual(10_000);
    }
    expect(await rateLimits.hit('ip:2', 3, 10_000)).toMatchObject({ allowed: true, count: 1 });
  });

  it('rate limit window resets after it ends', async () => {
    const { rateLimits } = await f.node();
    await rateLimits.hit('k', 1, 200);
    expect(await rateLimits.hit('k', 1, 200)).toMatchObject({ allowed: false, count: 2 });
    await sleep(300);
    expect(await rateLimits.hit('k', 1, 200)).toMatchObject({ allowed: true, count: 1, remaining: 0 });
  });

  it('rate limit is atomic under concurrency', async () => {
    const { rateLimits } = await f.node();
    const results = await Promise.all(Array.from({ length: 50 }, () => rateLimits.hit('burst', 10, 10_000)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
}
