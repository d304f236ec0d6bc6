import { CellStore, attachPeer, detachPeer, ensureTileOrder, movePeerWithinCell } from './proximity-cells';
import { PeerTable } from './proximity-peers';

const peers = new PeerTable(0);
const peer = (id: string, x: number, y: number): number => {
  const p = peers.allocate(id);
  peers.x[p] = x;
  peers.y[p] = y;
  return p;
};
const members = (cell: { count: number; members: Int32Array }): string[] =>
  Array.from(cell.members.subarray(0, cell.count), (p) => peers.ids[p]);

describe(CellStore.name, () => {
  it('should keep near and far cells apart and drop only empty ones', () => {
    const sut = new CellStore(8);
    const near = sut.getOrCreate(3, 4);
    const far = sut.getOrCreate(5000, 2);
    attachPeer(peers, peer('a', 24, 32), near);

    sut.dropIfEmpty(near);
    sut.dropIfEmpty(far);

    expect(sut.get(3, 4)).toBe(near);
    expect(sut.get(5000, 2)).toBeUndefined();
    expect(sut.get(-1, 0)).toBeUndefined();
    expect(sut.get(8192, 0)).toBeUndefined();
  });
});

describe(ensureTileOrder.name, () => {
  it('should group peers by tile and follow swap-removals and moves', () => {
    const cell = new CellStore(8).getOrCreate(1, 0);
    const a = peer('a', 8, 0);
    const b = peer('b', 15, 7);
    const c = peer('c', 8, 0);
    for (const p of [a, b, c]) {
      attachPeer(peers, p, cell);
    }
    const tile = (x: number, y: number): string[] => {
      ensureTileOrder(cell, 8);
      const start = cell.tileStart as Int32Array;
      const t = y * 8 + (x - 8);
      return Array.from(cell.byTile.subarray(start[t], start[t + 1]), (p) => peers.ids[p]);
    };

    expect(tile(8, 0)).toEqual(['a', 'c']);
    expect(tile(15, 7)).toEqual(['b']);
    detachPeer(peers, a);
    peers.x[c] = 9;
    movePeerWithinCell(peers, c);
    expect(tile(8, 0)).toEqual([]);
    expect(tile(9, 0)).toEqual(['c']);
    expect(members(cell).sort()).toEqual(['b', 'c']);
  });

  it('should keep members and positions when a cell grows past its first capacity', () => {
    const cell = new CellStore(8).getOrCreate(0, 0);
    const added = Array.from({ length: 40 }, (_, i) => peer(`g${i}`, i % 8, Math.floor(i / 8)));
    for (const p of added) {
      attachPeer(peers, p, cell);
    }

    expect(members(cell)).toEqual(added.map((p) => peers.ids[p]));
    expect(Array.from(cell.xs.subarray(0, cell.count))).toEqual(added.map((p) => peers.x[p]));
    ensureTileOrder(cell, 8);
    expect(cell.tileStart?.[40]).toBe(40);
  });
});
