import { PeerTable } from './proximity-peers';

describe(PeerTable.name, () => {
  it('should hand out fresh indexes and reuse released ones, starting empty', () => {
    const sut = new PeerTable(2);
    const a = sut.allocate('a');
    const b = sut.allocate('b');
    sut.listLength[a] = 2;
    sut.release(a);

    const c = sut.allocate('c');

    expect(b).not.toBe(a);
    expect(c).toBe(a);
    expect(sut.ids[c]).toBe('c');
    expect(sut.listLength[c]).toBe(0);
    expect(sut.cells[c]).toBeUndefined();
  });

  it('should keep every column when it grows past its capacity', () => {
    const sut = new PeerTable(3);
    const indexes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const p = sut.allocate(`p${i}`);
      sut.x[p] = i;
      sut.y[p] = 2 * i;
      sut.lists[p * 3 + 2] = i;
      indexes.push(p);
    }

    expect(new Set(indexes).size).toBe(200);
    expect(indexes.map((p) => [sut.x[p], sut.y[p], sut.lists[p * 3 + 2], sut.ids[p]])).toEqual(
      indexes.map((_, i) => [i, 2 * i, i, `p${i}`]),
    );
  });
});
