import { ProximityGrid } from './proximity-grid';
import { naivePeerLists } from './proximity-naive';
import { PeerListMirror, Point, hotSpotLayout, randomStep, seededRandom } from './proximity-scenarios';
import { PeerListDiff, ProximityOptions } from './proximity-types';

/**
 * The grid against the all-pairs reference on seeded layouts: after every tick its lists must
 * equal the reference exactly (order included), and the diffs, replayed like a client would,
 * must rebuild the same membership.
 */
class Harness {
  readonly sut: ProximityGrid;
  readonly positions = new Map<string, Point>();
  readonly mirror = new PeerListMirror();

  constructor(readonly opts: ProximityOptions = {}) {
    this.sut = new ProximityGrid(opts);
  }

  place(id: string, p: Point): void {
    this.positions.set(id, p);
    this.sut.upsert(id, p.x, p.y);
  }

  /** Moves each peer one random step with probability `share` (a seeded tick of movement). */
  wander(rnd: () => number, share: number, width: number, height: number): void {
    for (const [id, p] of this.positions) {
      if (rnd() < share) {
        this.place(id, randomStep(p, width, height, rnd));
      }
    }
  }

  leave(id: string): void {
    this.positions.delete(id);
    this.sut.remove(id);
    this.mirror.forget(id);
  }

  tickAndCheck(): Map<string, PeerListDiff> {
    const diffs = this.sut.tick();
    // Gathered first and compared once: one expect per peer would dominate the suite's time.
    const badDiffs: string[] = [];
    for (const [id, diff] of diffs) {
      if (!this.positions.has(id) || diff.added.length + diff.removed.length === 0) {
        badDiffs.push(id);
      }
      for (const e of diff.added) {
        const at = this.positions.get(e.peer_id);
        if (at?.x !== e.x || at?.y !== e.y) {
          badDiffs.push(`${id}:${e.peer_id}`);
        }
      }
    }
    expect(badDiffs).toEqual([]);
    this.mirror.apply(diffs);
    const expected = naivePeerLists(this.positions, this.opts);
    const lists: Record<string, string[]> = {};
    const replayed: Record<string, string[]> = {};
    const wanted: Record<string, string[]> = {};
    const wantedSets: Record<string, string[]> = {};
    for (const [id, list] of expected) {
      lists[id] = this.sut.peersOf(id);
      replayed[id] = this.mirror.idsOf(id);
      wanted[id] = list;
      wantedSets[id] = [...list].sort();
    }
    expect(this.sut.size).toBe(this.positions.size);
    expect(lists).toEqual(wanted);
    expect(replayed).toEqual(wantedSets);
    return diffs;
  }
}

const uniform = (count: number, size: number, rnd: () => number): Map<string, Point> =>
  hotSpotLayout(count, { width: size, height: size, crowdedShare: 0, hotSpots: 0, spread: 1 }, rnd);

describe(`${ProximityGrid.name} against ${naivePeerLists.name}`, () => {
  it.each([1, 2, 3, 4, 5])('should match on a random uniform layout (seed %i)', (seed) => {
    const rnd = seededRandom(seed);
    const h = new Harness();
    for (const [id, p] of uniform(400, 160, rnd)) {
      h.place(id, p);
    }

    const diffs = h.tickAndCheck();

    for (const [id, diff] of diffs) {
      expect(diff.added.map((e) => e.peer_id)).toEqual(h.sut.peersOf(id));
    }
  });

  it.each([6, 7, 8])('should match on clustered hot spots under random walks (seed %i)', (seed) => {
    const rnd = seededRandom(seed);
    const layout = { width: 200, height: 200, crowdedShare: 0.7, hotSpots: 3, spread: 6 };
    const h = new Harness();
    for (const [id, p] of hotSpotLayout(400, layout, rnd)) {
      h.place(id, p);
    }
    h.tickAndCheck();

    for (let t = 0; t < 8; t++) {
      h.wander(rnd, 0.6, 200, 200);
      h.tickAndCheck();
    }
  });

  it('should match with everyone crowded into one cell, ties broken by id', () => {
    const rnd = seededRandom(9);
    const h = new Harness();
    for (let i = 0; i < 80; i++) {
      h.place(`c${i}`, { x: 16 + Math.floor(rnd() * 8), y: 24 + Math.floor(rnd() * 8) });
    }
    h.tickAndCheck();

    for (let t = 0; t < 10; t++) {
      for (const [id, p] of h.positions) {
        h.place(id, { x: 16 + ((p.x + Math.floor(rnd() * 3)) % 8), y: p.y });
      }
      h.tickAndCheck();
    }
  });

  it('should match with peers stacked on few tiles, more on one tile than a list holds', () => {
    const rnd = seededRandom(14);
    const h = new Harness();
    // Up to 14 peers per tile: tile lists are shared, and a tile can hold more than k + 1.
    for (let i = 0; i < 60; i++) {
      h.place(`t${i}`, { x: 40 + Math.floor(rnd() * 3), y: 40 + Math.floor(rnd() * 2) });
    }
    for (let i = 0; i < 20; i++) {
      h.place(`u${i}`, { x: 36 + Math.floor(rnd() * 12), y: 36 + Math.floor(rnd() * 12) });
    }
    h.tickAndCheck();

    for (let t = 0; t < 6; t++) {
      h.wander(rnd, 0.5, 60, 60);
      h.tickAndCheck();
    }
  });

  it('should match when a crowded cell has its peers in far corners (the tile walk gives up)', () => {
    const h = new Harness();
    const corners = [
      [0, 0],
      [7, 0],
      [0, 7],
      [7, 7],
    ];
    for (let i = 0; i < 28; i++) {
      h.place(`k${i}`, { x: 40 + corners[i % 4][0], y: 40 + corners[i % 4][1] });
    }
    for (let i = 0; i < 6; i++) {
      h.place(`o${i}`, { x: 30 + i * 4, y: 52 });
    }

    h.tickAndCheck();
  });

  it('should match while peers leave, join and rejoin between ticks', () => {
    const rnd = seededRandom(10);
    const h = new Harness();
    for (const [id, p] of uniform(300, 60, rnd)) {
      h.place(id, p);
    }
    h.tickAndCheck();

    for (let t = 0; t < 15; t++) {
      const ids = [...h.positions.keys()];
      for (let i = 0; i < 20; i++) {
        h.leave(ids[Math.floor(rnd() * ids.length)]);
      }
      for (let i = 0; i < 20; i++) {
        const id = `j${Math.floor(rnd() * 40)}`; // reuses ids, including ones that just left
        if (!h.positions.has(id)) {
          h.place(id, { x: Math.floor(rnd() * 60), y: Math.floor(rnd() * 60) });
        }
      }
      h.wander(rnd, 0.3, 60, 60);
      h.tickAndCheck();
    }
  });

  it.each<[string, ProximityOptions]>([
    ['small cells', { cellSize: 4 }],
    ['large cells', { cellSize: 16, areaRange: 20 }],
    ['a short range', { areaRange: 3, maxPeers: 4 }],
    ['one peer per list', { maxPeers: 1 }],
    ['empty lists', { maxPeers: 0 }],
    ['range not a multiple of the cell', { cellSize: 5, areaRange: 11, maxPeers: 7 }],
  ])('should match with %s', (_label, opts) => {
    const rnd = seededRandom(11);
    const layout = { width: 120, height: 120, crowdedShare: 0.5, hotSpots: 2, spread: 4 };
    const h = new Harness(opts);
    for (const [id, p] of hotSpotLayout(300, layout, rnd)) {
      h.place(id, p);
    }
    h.tickAndCheck();

    for (let t = 0; t < 6; t++) {
      h.wander(rnd, 0.5, 120, 120);
      h.tickAndCheck();
    }
  });

  it('should match at the edges of the coordinate space and on far, sparse maps', () => {
    const rnd = seededRandom(12);
    const h = new Harness();
    for (let i = 0; i < 60; i++) {
      h.place(`e${i}`, { x: Math.floor(rnd() * 20), y: 65_535 - Math.floor(rnd() * 20) });
    }
    for (let i = 0; i < 60; i++) {
      h.place(`f${i}`, { x: 3000 + Math.floor(rnd() * 30), y: 65_535 - Math.floor(rnd() * 30) });
    }
    h.tickAndCheck();

    for (const [id, p] of h.positions) {
      h.place(id, { x: p.x + 1, y: p.y - 1 });
    }
    h.tickAndCheck();
  });

  it('should match after teleports across the map', () => {
    const rnd = seededRandom(13);
    const h = new Harness();
    for (const [id, p] of uniform(250, 80, rnd)) {
      h.place(id, p);
    }
    h.tickAndCheck();

    for (let t = 0; t < 8; t++) {
      for (const id of [...h.positions.keys()].slice(0, 30)) {
        h.place(id, { x: Math.floor(rnd() * 80), y: Math.floor(rnd() * 80) });
      }
      h.tickAndCheck();
    }
  });
});
