import { CellStore, attachPeer } from './proximity-cells';
import { naivePeerLists } from './proximity-naive';
import { NearestSearch } from './proximity-search';
import { seededRandom } from './proximity-scenarios';
import { GridPeer } from './proximity-types';

/** Runs the search directly, once per peer, and returns the lists it finds. */
function searchAll(points: [string, number, number][]): Map<string, string[]> {
  const store = new CellStore(8);
  const sut = new NearestSearch(8, 14, 10);
  const peers: GridPeer[] = points.map(([id, x, y]) => {
    const p: GridPeer = {
      id,
      x,
      y,
      cell: undefined,
      slot: 0,
      list: [],
      listLength: 0,
      mark: 0,
    };
    attachPeer(p, store.getOrCreate(Math.floor(x / 8), Math.floor(y / 8)));
    return p;
  });
  const lists = new Map<string, string[]>();
  for (const p of peers) {
    const cell = p.cell!;
    sut.loadAround(store, cell);
    sut.search(p, cell);
    lists.set(
      p.id,
      sut.knn.items.slice(0, sut.knn.count).map((q) => q.id),
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

  it('should find the reference lists with tile rings in a crowded cell, many peers per tile', () => {
    const rnd = seededRandom(4);
    const points: [string, number, number][] = Array.from({ length: 150 }, (_, i) => [
      `c${i}`,
      30 + Math.floor(rnd() * 12),
      30 + Math.floor(rnd() * 12),
    ]);

    expect(searchAll(points)).toEqual(naivePeerLists(asPositions(points)));
  });
});
