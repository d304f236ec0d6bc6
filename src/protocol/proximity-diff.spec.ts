import { PeerListChanges } from './proximity-changes';
import { ListDiffer } from './proximity-diff';
import { GridPeer } from './proximity-types';

const peer = (id: string, x = 0, y = 0): GridPeer => ({
  id,
  x,
  y,
  cell: undefined,
  slot: 0,
  list: [],
  listLength: 0,
  mark: 0,
});

describe(ListDiffer.name, () => {
  it('should record additions with positions and removals by id, and install the new list', () => {
    const sut = new ListDiffer();
    const out = new PeerListChanges();
    const [p, a, b, c] = [peer('p'), peer('a', 1, 2), peer('b', 3, 4), peer('c', 5, 6)];
    sut.replace(p, [a, b], 2, out);
    out.clear();

    expect(sut.replace(p, [c, a], 2, out)).toBe(true);

    expect(out.toMap()).toEqual(new Map([['p', { added: [{ peer_id: 'c', x: 5, y: 6 }], removed: ['b'] }]]));
    expect(p.list.slice(0, p.listLength)).toEqual([c, a]);
  });

  it('should record nothing for a reordering and shrink the list on fewer items', () => {
    const sut = new ListDiffer();
    const out = new PeerListChanges();
    const [p, a, b] = [peer('p'), peer('a'), peer('b')];
    sut.replace(p, [a, b], 2, out);
    out.clear();

    expect(sut.replace(p, [b, a], 2, out)).toBe(false);
    expect(out.size).toBe(0);
    expect(sut.replace(p, [b], 1, out)).toBe(true);
    expect(out.diffAt(0)).toEqual({ added: [], removed: ['a'] });
    expect(p.listLength).toBe(1);
  });

  it('should record the position an added peer has at the time of the diff', () => {
    const sut = new ListDiffer();
    const out = new PeerListChanges();
    const [p, q, a] = [peer('p'), peer('q'), peer('a', 1, 1)];

    sut.replace(p, [a], 1, out);
    a.x = 2;
    sut.replace(q, [a], 1, out);

    expect(out.diffAt(0).added).toEqual([{ peer_id: 'a', x: 1, y: 1 }]);
    expect(out.diffAt(1).added).toEqual([{ peer_id: 'a', x: 2, y: 1 }]);
  });
});
