import { NodeFactory, route, sleep } from './state-contract.support';

export function runPresenceContract(f: NodeFactory): void {
  it('claim stores the route and returns the one it replaced', async () => {
    const { presence } = await f.node();
    expect(await presence.claim('p1', route('n1', 'c1'), 5_000)).toBeNull();
    expect(await presence.claim('p1', route('n2', 'c2', 42), 5_000)).toEqual(route('n1', 'c1'));
    expect(await presence.get('p1')).toEqual(route('n2', 'c2', 42));
    expect(await presence.get('nobody')).toBeNull();
  });

  it('getMany returns only the peers that have a route', async () => {
    const { presence } = await f.node();
    await presence.claim('p1', route('n1', 'c1'), 5_000);
    await presence.claim('p3', route('n2', 'c3'), 5_000);
    const found = await presence.getMany(['p1', 'p2', 'p3']);
    expect([...found.entries()].sort()).toEqual([
      ['p1', route('n1', 'c1')],
      ['p3', route('n2', 'c3')],
    ]);
    expect((await presence.getMany([])).size).toBe(0);
  });

  it('release deletes only when the connId still matches', async () => {
    const { presence } = await f.node();
    await presence.claim('p1', route('n1', 'old'), 5_000);
    await presence.claim('p1', route('n2', 'new'), 5_000);
    expect(await presence.release('p1', 'old')).toBe(false);
    expect(await presence.get('p1')).toEqual(route('n2', 'new'));
    expect(await presence.release('p1', 'new')).toBe(true);
    expect(await presence.get('p1')).toBeNull();
    expect(await presence.release('p1', 'new')).toBe(false);
  });

  it('releaseMany deletes each route only when its connId still matches, answering in order', async () => {
    const { presence } = await f.node();
    await presence.claim('p1', route('n1', 'c1'), 5_000);
    await presence.claim('p2', route('n1', 'old'), 5_000);
    await presence.claim('p2', route('n2', 'new'), 5_000);
    const released = await presence.releaseMany([
      { peerId: 'p1', connId: 'c1' },
      { peerId: 'p2', connId: 'old' },
      { peerId: 'p3', connId: 'c3' },
      { peerId: 'p1', connId: 'c1' },
    ]);
    expect(released).toEqual([true, false, false, false]);
    expect(await presence.get('p1')).toBeNull();
    expect(await presence.get('p2')).toEqual(route('n2', 'new'));
    expect(await presence.releaseMany([])).toEqual([]);
  });

  it('routes expire after their TTL', async () => {
    const { presence } = await f.node();
    await presence.claim('p1', route('n1', 'c1'), 200);
    expect(await presence.get('p1')).not.toBeNull();
    await sleep(300);
    expect(await presence.get('p1')).toBeNull();
    expect((await presence.getMany(['p1'])).size).toBe(0);
  });

  it('refresh keeps owned routes alive and reports the ones this node lost', async () => {
    const { presence } = await f.node();
    await presence.claim('mine', route('n1', 'c1'), 200);
    await presence.claim('moved', route('n2', 'c9'), 5_000);
    const owned = new Map([
      ['mine', 'c1'],
      ['moved', 'c2'],
      ['gone', 'c3'],
    ]);
    for (let i = 0; i < 3; i++) {
      await sleep(100);
      expect((await presence.refresh(owned, 200)).sort()).toEqual(['gone', 'moved']);
    }
    expect(await presence.get('mine')).toEqual(route('n1', 'c1'));
    expect(await presence.get('moved')).toEqual(route('n2', 'c9'));
    await sleep(300);
    expect(await presence.get('mine')).toBeNull();
    expect(await presence.refresh(new Map(), 200)).toEqual([]);
  });

  it('claimFrom takes a free peer id, and one held from the same address, returning what it replaced', async () => {
    const a = await f.node();
    const b = await f.node();
    const first = { ...route('n1', 'c1'), address: '203.0.113.7' };
    expect(await a.presence.claimFrom('p1', first, 5_000)).toEqual({ claimed: true, previous: null });
    const again = { ...route('n2', 'c2', 42), address: '203.0.113.7' };
    expect(await b.presence.claimFrom('p1', again, 5_000)).toEqual({ claimed: true, previous: first });
    expect(await a.presence.get('p1')).toEqual(again);
  });

  it('claimFrom leaves a live route of another address alone and names its holder', async () => {
    const a = await f.node();
    const b = await f.node();
    const holder = { ...route('n1', 'c1'), address: '203.0.113.7' };
    await a.presence.claimFrom('p1', holder, 5_000);
    expect(await b.presence.claimFrom('p1', { ...route('n2', 'c2'), address: '198.51.100.9' }, 5_000)).toEqual({
      claimed: false,
      holder,
    });
    expect(await b.presence.get('p1')).toEqual(holder);
    // A route that records no address (written before addresses were kept) does not bind.
    await a.presence.claim('p2', route('n1', 'c3'), 5_000);
    expect(await b.presence.claimFrom('p2', { ...route('n2', 'c4'), address: '198.51.100.9' }, 5_000)).toMatchObject({
      claimed: true,
    });
  });

  it('claimFrom: of two addresses racing for a free peer id, exactly one gets it', async () => {
    const a = await f.node();
    const b = await f.node();
    const results = await Promise.all([
      a.presence.claimFrom('p1', { ...route('n1', 'c1'), address: '203.0.113.7' }, 5_000),
      b.presence.claimFrom('p1', { ...route('n2', 'c2'), address: '198.51.100.9' }, 5_000),
    ]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    const winner = results.findIndex((r) => r.claimed);
    expect((await a.presence.get('p1'))?.connId).toBe(winner === 0 ? 'c1' : 'c2');
  });
}
