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
  entry: undefined,
  entryTick: 0,
});

describe(ListDiffer.name, () => {
  it('should report additions with positions and removals by id, and install the new list', () => {
    const sut = new ListDiffer();
    const [p, a, b, c] = [peer('p'), peer('a', 1, 2), peer('b', 3, 4), peer('c', 5, 6)];
    sut.replace(p, [a, b], 2, 1);

    const diff = sut.replace(p, [c, a], 2, 2);

    expect(diff).toEqual({ added: [{ peer_id: 'c', x: 5, y: 6 }], removed: ['b'] });
    expect(p.list.slice(0, p.listLength)).toEqual([c, a]);
  });

  it('should report nothing for a reordering and shrink the list on fewer items', () => {
    const sut = new ListDiffer();
    const [p, a, b] = [peer('p'), peer('a'), peer('b')];
    sut.replace(p, [a, b], 2, 1);

    expect(sut.replace(p, [b, a], 2, 2)).toBeUndefined();
    expect(sut.replace(p, [b], 1, 3)).toEqual({ added: [], removed: ['a'] });
    expect(p.listLength).toBe(1);
  });

  it('should reuse one entry per peer within a tick, and refresh it the next tick', () => {
    const sut = new ListDiffer();
    const [p, q, a] = [peer('p'), peer('q'), peer('a', 1, 1)];

    const first = sut.replace(p, [a], 1, 7)?.added[0];
    const second = sut.replace(q, [a], 1, 7)?.added[0];
    a.x = 2;
    p.listLength = 0;
    const later = sut.replace(p, [a], 1, 8)?.added[0];

    expect(second).toBe(first);
    expect(later).toEqual({ peer_id: 'a', x: 2, y: 1 });
  });
});
