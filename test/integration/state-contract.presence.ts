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
}
