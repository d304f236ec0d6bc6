import { percentile } from './stats';
import { DEFAULT_WORLD, World, directionOf, seededRandom, stepToward } from './world';

describe('simulated world', () => {
  it('should be reproducible from a seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    expect(new World(DEFAULT_WORLD, seededRandom(1)).spots).toEqual(new World(DEFAULT_WORLD, seededRandom(1)).spots);
  });

  it('should put about the hot-spot share of players around hot spots, all on the map', () => {
    const world = new World(DEFAULT_WORLD, seededRandom(3));
    const spots = Array.from({ length: 2000 }, () => world.assignSpot());
    const crowd = spots.filter((spot) => spot !== undefined).length / spots.length;
    expect(crowd).toBeGreaterThan(0.55);
    expect(crowd).toBeLessThan(0.65);
    for (const spot of spots.slice(0, 200)) {
      const cell = world.spawn(spot);
      expect(cell.x).toBeGreaterThanOrEqual(0);
      expect(cell.x).toBeLessThan(300);
      if (spot !== undefined) {
        expect(Math.abs(cell.x - world.spots[spot].x)).toBeLessThanOrEqual(DEFAULT_WORLD.hotSpotRadius);
      }
    }
  });

  it('should walk one cell per step, diagonals included, with RO directions', () => {
    expect(stepToward({ x: 10, y: 10 }, { x: 20, y: 5 })).toEqual({ x: 11, y: 9 });
    expect(stepToward({ x: 10, y: 10 }, { x: 10, y: 10 })).toEqual({ x: 10, y: 10 });
    expect(directionOf(0, 1)).toBe(0);
    expect(directionOf(-1, 0)).toBe(2);
    expect(directionOf(1, 1)).toBe(7);
  });

  it('should compute nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        99,
      ),
    ).toBe(99);
  });
});
