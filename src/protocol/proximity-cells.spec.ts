import { CellStore, attachPeer, detachPeer, ensureTileOrder, movePeerWithinCell } from './proximity-cells';
import { GridPeer } from './proximity-types';

const peer = (id: string, x: number, y: number): GridPeer => ({
  id,
  x,
  y,
  cell: undefined,
  slot: 0,
  list: [],
  listLength: 0,
  mark: 0,
});

describe(CellStore.name, () => {
  it('should keep near and far cells apart and drop only empty ones', () => {
    const sut = new CellStore(8);
    const near = sut.getOrCreate(3, 4);
    const far = sut.getOrCreate(5000, 2);
    attachPeer(peer('a', 24, 32), near);

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
      attachPeer(p, cell);
    }
    const tile = (x: number, y: number): string[] => {
      ensureTileOrder(cell, 8);
      const start = cell.tileStart as Int32Array;
      const t = y * 8 + (x - 8);
      return cell.byTile.slice(start[t], start[t + 1]).map((p) => p.id);
    };

    expect(tile(8, 0)).toEqual(['a', 'c']);
    expect(tile(15, 7)).toEqual(['b']);
    detachPeer(a);
    c.x = 9;
    movePeerWithinCell(c, 9, 0);
    expect(tile(8, 0)).toEqual([]);
    expect(tile(9, 0)).toEqual(['c']);
    expect(cell.peers.map((p) => p.id).sort()).toEqual(['b', 'c']);
  });
});
