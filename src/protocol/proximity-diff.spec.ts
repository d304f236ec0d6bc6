import { PeerListChanges } from './proximity-changes';
import { ListDiffer } from './proximity-diff';
import { PeerTable } from './proximity-peers';

/** A table holding the given peers at the given positions, and their indexes by id. */
function table(...peers: [string, number, number][]): { table: PeerTable; at: Record<string, number> } {
  const t = new PeerTable(2);
  const at: Record<string, number> = {};
  for (const [id, x, y] of peers) {
    at[id] = t.allocate(id);
    t.x[at[id]] = x;
    t.y[at[id]] = y;
  }
  return { table: t, at };
}

const listOf = (t: PeerTable, p: number): string[] =>
  Array.from(t.lists.subarray(p * t.stride, p * t.stride + t.listLength[p]), (q) => t.ids[q]);

describe(ListDiffer.name, () => {
  it('should record additions with positions and removals by id, and install the new list', () => {
    const { table: t, at } = table(['p', 0, 0], ['a', 1, 2], ['b', 3, 4], ['c', 5, 6]);
    const sut = new ListDiffer(t);
    const out = new PeerListChanges();
    sut.replace(at.p, Int32Array.of(at.a, at.b), 2, out);
    out.clear();

    expect(sut.replace(at.p, Int32Array.of(at.c, at.a), 2, out)).toBe(true);

    expect(out.toMap()).toEqual(new Map([['p', { added: [{ peer_id: 'c', x: 5, y: 6 }], removed: ['b'] }]]));
    expect(listOf(t, at.p)).toEqual(['c', 'a']);
  });

  it('should record nothing for a reordering and shrink the list on fewer items', () => {
    const { table: t, at } = table(['p', 0, 0], ['a', 0, 0], ['b', 0, 0]);
    const sut = new ListDiffer(t);
    const out = new PeerListChanges();
    sut.replace(at.p, Int32Array.of(at.a, at.b), 2, out);
    out.clear();

    expect(sut.replace(at.p, Int32Array.of(at.b, at.a), 2, out)).toBe(false);
    expect(out.size).toBe(0);
    expect(sut.replace(at.p, Int32Array.of(at.b), 1, out)).toBe(true);
    expect(out.diffAt(0)).toEqual({ added: [], removed: ['a'] });
    expect(t.listLength[at.p]).toBe(1);
  });

  it('should record the position an added peer has at the time of the diff', () => {
    const { table: t, at } = table(['p', 0, 0], ['q', 0, 0], ['a', 1, 1]);
    const sut = new ListDiffer(t);
    const out = new PeerListChanges();

    sut.replace(at.p, Int32Array.of(at.a), 1, out);
    t.x[at.a] = 2;
    sut.replace(at.q, Int32Array.of(at.a), 1, out);

    expect(out.diffAt(0).added).toEqual([{ peer_id: 'a', x: 1, y: 1 }]);
    expect(out.diffAt(1).added).toEqual([{ peer_id: 'a', x: 2, y: 1 }]);
  });
});
