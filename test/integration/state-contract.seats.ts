import { NodeFactory } from './state-contract.support';

export function runSeatHoldContract(f: NodeFactory): void {
  it('a hold is taken once its deadline passes, and not before', async () => {
    const { seats } = await f.node();
    await seats.hold('p1', 's1', 1_000);
    expect(await seats.takeExpired(999, 10)).toEqual([]);
    expect(await seats.count()).toBe(1);
    expect(await seats.takeExpired(1_000, 10)).toEqual([{ peerId: 'p1', sessionId: 's1', deadline: 1_000 }]);
    expect(await seats.takeExpired(5_000, 10)).toEqual([]);
    expect(await seats.count()).toBe(0);
  });

  it('holding the same seat again keeps the first deadline; another session replaces it', async () => {
    const { seats } = await f.node();
    await seats.hold('p1', 's1', 1_000);
    await seats.hold('p1', 's1', 9_000);
    expect(await seats.takeExpired(1_000, 10)).toEqual([{ peerId: 'p1', sessionId: 's1', deadline: 1_000 }]);
    await seats.hold('p2', 's1', 1_000);
    await seats.hold('p2', 's2', 3_000);
    expect(await seats.takeExpired(2_000, 10)).toEqual([]);
    expect(await seats.takeExpired(3_000, 10)).toEqual([{ peerId: 'p2', sessionId: 's2', deadline: 3_000 }]);
  });

  it('a peer that came back is released, and its hold is never taken', async () => {
    const a = await f.node();
    const b = await f.node();
    await a.seats.hold('p1', 's1', 1_000);
    expect(await b.seats.release('p1')).toBe(true);
    expect(await b.seats.release('p1')).toBe(false);
    expect(await a.seats.takeExpired(10_000, 10)).toEqual([]);
  });

  it('takes the oldest first, at most `limit` per call', async () => {
    const { seats } = await f.node();
    await seats.hold('late', 's1', 3_000);
    await seats.hold('early', 's2', 1_000);
    await seats.hold('middle', 's3', 2_000);
    expect((await seats.takeExpired(10_000, 2)).map((hold) => hold.peerId)).toEqual(['early', 'middle']);
    expect((await seats.takeExpired(10_000, 2)).map((hold) => hold.peerId)).toEqual(['late']);
  });

  it('of many nodes sweeping at once, each hold goes to exactly one', async () => {
    const nodes = await Promise.all([f.node(), f.node(), f.node()]);
    for (let i = 0; i < 30; i += 1) {
      await nodes[0].seats.hold(`p${i}`, 's1', 1_000 + i);
    }
    const taken = await Promise.all(
      nodes.flatMap((node) => [node.seats.takeExpired(10_000, 7), node.seats.takeExpired(10_000, 7)]),
    );
    const peers = taken.flat().map((hold) => hold.peerId);
    expect(peers).toHaveLength(30);
    expect(new Set(peers).size).toBe(30);
  });
}
