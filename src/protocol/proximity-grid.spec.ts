import { ProximityGrid } from './proximity-grid';
import { NearestSearch } from './proximity-search';

describe(ProximityGrid.name, () => {
  let sut: ProximityGrid;

  beforeEach(() => {
    sut = new ProximityGrid();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('should refuse invalid options and coordinates outside u16', () => {
    expect(() => new ProximityGrid({ cellSize: 0 })).toThrow(RangeError);
    expect(() => new ProximityGrid({ maxPeers: 1.5 })).toThrow(RangeError);
    expect(() => sut.upsert('a', -1, 0)).toThrow(RangeError);
    expect(() => sut.upsert('a', 0, 65_536)).toThrow(RangeError);
    expect(() => sut.upsert('a', 0.5, 0)).toThrow(RangeError);
  });

  it('should track positions and size', () => {
    sut.upsert('a', 1, 2);
    sut.upsert('b', 3, 4);
    sut.upsert('a', 9, 9);

    expect(sut.size).toBe(2);
    expect(sut.position('a')).toEqual({ x: 9, y: 9 });
    expect(sut.remove('a')).toBe(true);
    expect(sut.remove('a')).toBe(false);
    expect(sut.position('a')).toBeUndefined();
    expect(sut.peersOf('nobody')).toEqual([]);
  });

  it('should send a new peer its full list and tell the others about it', () => {
    sut.upsert('a', 10, 10);
    sut.upsert('b', 12, 10);
    sut.tick();
    sut.upsert('c', 11, 11);

    const diffs = sut.tick();

    expect(diffs.get('c')).toEqual({
      added: [
        { peer_id: 'a', x: 10, y: 10 },
        { peer_id: 'b', x: 12, y: 10 },
      ],
      removed: [],
    });
    expect(diffs.get('a')).toEqual({ added: [{ peer_id: 'c', x: 11, y: 11 }], removed: [] });
    expect(sut.peersOf('a')).toEqual(['c', 'b']);
  });

  it('should use a square area, not a circle', () => {
    sut.upsert('a', 100, 100);
    sut.upsert('corner', 114, 114);
    sut.upsert('outside', 115, 100);

    sut.tick();

    expect(sut.peersOf('a')).toEqual(['corner']);
  });

  it('should keep the nearest maxPeers, ties broken by id, so lists need not be symmetric', () => {
    const grid = new ProximityGrid({ maxPeers: 2 });
    grid.upsert('m', 50, 50);
    grid.upsert('z', 51, 50);
    grid.upsert('b', 49, 50);
    grid.upsert('a', 50, 51);
    grid.upsert('far', 60, 50);

    grid.tick();

    expect(grid.peersOf('m')).toEqual(['a', 'b']);
    expect(grid.peersOf('far')).toEqual(['z', 'm']);
    expect(grid.peersOf('z')).not.toContain('far');
  });

  it('should give a removed peer no diff and offer its watchers a replacement', () => {
    const grid = new ProximityGrid({ maxPeers: 1 });
    grid.upsert('a', 0, 0);
    grid.upsert('b', 1, 0);
    grid.upsert('c', 3, 0);
    grid.tick();
    grid.remove('b');

    const diffs = grid.tick();

    expect(diffs.has('b')).toBe(false);
    expect(diffs.get('a')).toEqual({ added: [{ peer_id: 'c', x: 3, y: 0 }], removed: ['b'] });
    expect(diffs.get('c')).toEqual({ added: [{ peer_id: 'a', x: 0, y: 0 }], removed: ['b'] });
  });

  it('should treat leave-and-rejoin within one tick as a move for others and a fresh start for the peer', () => {
    sut.upsert('a', 0, 0);
    sut.upsert('b', 1, 0);
    sut.tick();
    sut.remove('b');
    sut.upsert('b', 2, 0);

    const diffs = sut.tick();

    expect(diffs.get('a')).toBeUndefined();
    expect(diffs.get('b')).toEqual({ added: [{ peer_id: 'a', x: 0, y: 0 }], removed: [] });
  });

  it('should return nothing when nothing changed, including a same-position upsert', () => {
    sut.upsert('a', 5, 5);
    sut.upsert('b', 6, 6);
    sut.tick();
    sut.upsert('a', 5, 5);

    expect(sut.tick().size).toBe(0);
  });

  it('should notice a move inside one cell that reorders a list', () => {
    const grid = new ProximityGrid({ maxPeers: 1 });
    grid.upsert('a', 0, 0);
    grid.upsert('b', 3, 0);
    grid.upsert('c', 5, 0);
    grid.tick();
    grid.upsert('c', 2, 0); // same cell as before

    const diffs = grid.tick();

    expect(diffs.get('a')).toEqual({ added: [{ peer_id: 'c', x: 2, y: 0 }], removed: ['b'] });
  });

  it('should step to the same changes as tick, in one reused object', () => {
    const stepped = new ProximityGrid();
    const moves: [string, number, number][][] = [
      [
        ['a', 0, 0],
        ['b', 1, 0],
        ['c', 2, 0],
      ],
      [
        ['c', 30, 0],
        ['d', 1, 1],
      ],
      [['a', 29, 0]],
    ];
    let first: ReturnType<ProximityGrid['step']> | undefined;
    for (const round of moves) {
      for (const [id, x, y] of round) {
        sut.upsert(id, x, y);
        stepped.upsert(id, x, y);
      }

      const changes = stepped.step();

      expect(changes.toMap()).toEqual(sut.tick());
      first ??= changes;
      expect(changes).toBe(first);
    }
  });

  it('should only recompute peers near what changed', () => {
    for (let i = 0; i < 400; i++) {
      sut.upsert(`p${i}`, (i % 20) * 10, Math.floor(i / 20) * 10);
    }
    sut.tick();
    const searches = jest.spyOn(NearestSearch.prototype, 'search');
    sut.upsert('p0', 1, 1);

    sut.tick();

    // p0 at (0,0) -> (1,1): only cells within 2 of cell (0,0) hold peers to recompute.
    expect(searches.mock.calls.length).toBeLessThanOrEqual(9);
    expect(searches.mock.calls.length).toBeGreaterThan(0);
  });
});
