import { PeerListChanges } from './proximity-changes';

/** Records one peer's change the way the differ does. */
function record(sut: PeerListChanges, peer: string, added: [string, number, number][], removed: string[]): void {
  for (const [id, x, y] of added) {
    sut.pushAdded(id, x, y);
  }
  for (const id of removed) {
    sut.pushRemoved(id);
  }
  sut.endPeer(peer);
}

describe(PeerListChanges.name, () => {
  it('should keep each peer its own slice of additions and removals, empty sides included', () => {
    const sut = new PeerListChanges();
    record(
      sut,
      'p',
      [
        ['a', 1, 2],
        ['b', 3, 4],
      ],
      [],
    );
    record(sut, 'q', [], ['c']);
    record(sut, 'r', [['d', 5, 6]], ['e', 'f']);

    expect(sut.size).toBe(3);
    expect(sut.peers.slice(0, sut.size)).toEqual(['p', 'q', 'r']);
    expect([0, 1, 2].map((i) => [sut.addedStart(i), sut.addedEnd[i], sut.removedStart(i), sut.removedEnd[i]])).toEqual([
      [0, 2, 0, 0],
      [2, 2, 0, 1],
      [2, 3, 1, 3],
    ]);
    expect(sut.toMap()).toEqual(
      new Map([
        [
          'p',
          {
            added: [
              { peer_id: 'a', x: 1, y: 2 },
              { peer_id: 'b', x: 3, y: 4 },
            ],
            removed: [],
          },
        ],
        ['q', { added: [], removed: ['c'] }],
        ['r', { added: [{ peer_id: 'd', x: 5, y: 6 }], removed: ['e', 'f'] }],
      ]),
    );
  });

  it('should start over after clear, overwriting in place and keeping no stale entry', () => {
    const sut = new PeerListChanges();
    record(
      sut,
      'p',
      [
        ['a', 1, 2],
        ['b', 3, 4],
      ],
      ['x', 'y'],
    );
    record(sut, 'q', [['c', 0, 0]], []);
    const storage = sut.addedIds;

    sut.clear();
    record(sut, 'r', [['d', 7, 8]], ['z']);

    expect(sut.size).toBe(1);
    expect(sut.addedIds).toBe(storage);
    expect(sut.toMap()).toEqual(new Map([['r', { added: [{ peer_id: 'd', x: 7, y: 8 }], removed: ['z'] }]]));
  });

  it('should hand out copies that later changes do not touch', () => {
    const sut = new PeerListChanges();
    record(sut, 'p', [['a', 1, 2]], ['b']);
    const kept = sut.toMap();

    sut.clear();
    record(sut, 'q', [['c', 3, 4]], ['d']);

    expect(kept).toEqual(new Map([['p', { added: [{ peer_id: 'a', x: 1, y: 2 }], removed: ['b'] }]]));
  });
});
