import { PeerList, parsePeerListDiff } from './peer-list';

describe('PeerList', () => {
  it('should apply a full list and then diffs', () => {
    const list = new PeerList();
    expect(
      list.apply({
        zone: 'prontera',
        added: [
          { peerId: 'a', x: 1, y: 2 },
          { peerId: 'b', x: 3, y: 4 },
        ],
        removed: [],
      }),
    ).toEqual({ added: ['a', 'b'], removed: [] });
    expect(list.apply({ zone: 'prontera', added: [{ peerId: 'c', x: 5, y: 6 }], removed: ['a'] })).toEqual({
      added: ['c'],
      removed: ['a'],
    });
    expect(list.ids().sort()).toEqual(['b', 'c']);
    expect(list.get('c')).toEqual({ peerId: 'c', x: 5, y: 6 });
  });

  it('should keep a peer that is removed and re-added in one diff, with its new position', () => {
    const list = new PeerList();
    list.apply({ zone: 'z', added: [{ peerId: 'a', x: 1, y: 1 }], removed: [] });
    expect(list.apply({ zone: 'z', added: [{ peerId: 'a', x: 9, y: 9 }], removed: ['a'] })).toEqual({
      added: ['a'],
      removed: ['a'],
    });
    expect(list.get('a')).toEqual({ peerId: 'a', x: 9, y: 9 });
  });

  it('should ignore removals of unknown peers and start over in a new zone', () => {
    const list = new PeerList();
    list.apply({ zone: 'prontera', added: [{ peerId: 'a', x: 1, y: 1 }], removed: ['ghost'] });
    expect(list.apply({ zone: 'geffen', added: [{ peerId: 'g', x: 0, y: 0 }], removed: [] }).added).toEqual(['g']);
    expect(list.ids()).toEqual(['g']);
    expect(list.zone).toBe('geffen');
  });

  it('should hand out snapshots that later diffs do not change', () => {
    const list = new PeerList();
    list.apply({ zone: 'z', added: [{ peerId: 'a', x: 1, y: 1 }], removed: [] });
    const snapshot = list.snapshot();
    list.apply({ zone: 'z', added: [], removed: ['a'] });
    expect(snapshot.has('a')).toBe(true);
    expect(list.size).toBe(0);
  });

  it('should parse the wire form and refuse malformed diffs', () => {
    expect(parsePeerListDiff({ zone: 'z', added: [{ peer_id: 'a', x: 1, y: 2 }], removed: ['b'] })).toEqual({
      zone: 'z',
      added: [{ peerId: 'a', x: 1, y: 2 }],
      removed: ['b'],
    });
    expect(parsePeerListDiff({ zone: 'z', added: [{ peer_id: 'a' }], removed: [] })).toBeUndefined();
    expect(parsePeerListDiff({ zone: 'z', added: [], removed: [1] })).toBeUndefined();
    expect(parsePeerListDiff({ added: [], removed: [] })).toBeUndefined();
  });
});
