import { CellStore, attachPeer } from './proximity-cells';
import { naivePeerLists } from './proximity-naive';
import { NearestSearch } from './proximity-search';
import { PeerTable } from './proximity-peers';
import { seededRandom } from './proximity-scenarios';

/** Runs the search directly, once per peer, and returns the lists it finds. */
function searchAll(points: [string, number, number][]): Map<string, string[]> {
  const store = new CellStore(8);
  const table = new PeerTable(10);
  const sut = new NearestSearch(table, 8, 14, 10);
  const peers = points.map(([id, x, y]) => {
    const p = table.allocate(id);
    table.x[p] = x;
    table.y[p] = y;
    attachPeer(table, p, store.getOrCreate(Math.floor(x / 8), Math.floor(y / 8)));
    return p;
  });
  const lists = new Map<string, string[]>();
  for (const p of peers) {
    const cell = table.cells[p]!;
    sut.loadAround(store, cell);
    sut.search(p, cell);
    lists.set(
      table.ids[p],
      Array.from(sut.knn.items.subarray(0, sut.knn.count), (q) => table.ids[q]),
    );
  }
  return lists;
}

const asPositions = (points: [string, number, number][]) => new Map(points.map(([id, x, y]) => [id, { x, y }]));

describe(NearestSearch.name, () => {
  it('should find the reference lists with whole-cell rings in a sparse area', () => {
    const rnd = seededRandom(3);
    const points: [string, number, number][] = Array.from({ length: 120 }, (_, i) => [
      `s${i}`,
      Math.floor(rnd() * 90),
      Math.floor(rnd() * 90),
    ]);

    expect(searchAll(points)).toEqual(naivePeerLists(asPositions(points)));
  });

  it('should find the reference lists with the tile walk in a crowded cell, many peers per tile', () => {
    const rnd = seededRandom(4);
    const points: [string, number, number][] = Array.from({ length: 150 }, (_, i) => [
      `c${i}`,
      30 + Math.floor(rnd() * 12),
      30 + Math.floor(rnd() * 12),
    ]);

    expect(searchAll(points)).toEqual(naivePeerLists(asPositions(points)));
  });
});
