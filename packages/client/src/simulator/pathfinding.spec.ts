import { findPath, lineCells, octile, pathCost, randomWalkable, randomWalkableNear } from './pathfinding';
import { walkableMapFromRows } from './walkable-map';
import { seededRandom } from './world';

const MAZE = walkableMapFromRows([
  '..........',
  '.########.',
  '.#......#.',
  '.#.####.#.',
  '.#.#..#.#.',
  '.#.#..#...',
  '.#.####.##',
  '.#........',
  '.#######..',
  '..........',
]);

describe(findPath.name, () => {
  it('should never step on a wall, move one cell (8-connected) at a time, and reach the target', () => {
    const random = seededRandom(3);
    let found = 0;
    for (let i = 0; i < 200; i++) {
      const from = randomWalkable(MAZE, random)!;
      const to = randomWalkable(MAZE, random)!;
      const path = findPath(MAZE, from, to);
      if (!path) {
        continue;
      }
      found += 1;
      expect(path[0]).toEqual(from);
      expect(path[path.length - 1]).toEqual(to);
      path.forEach((cell, k) => {
        expect(MAZE.isWalkable(cell.x, cell.y)).toBe(true);
        if (k > 0) {
          const dx = Math.abs(cell.x - path[k - 1].x);
          const dy = Math.abs(cell.y - path[k - 1].y);
          expect(Math.max(dx, dy)).toBe(1);
          if (dx === 1 && dy === 1) {
            // No cutting a wall's corner.
            expect(MAZE.isWalkable(cell.x, path[k - 1].y) && MAZE.isWalkable(path[k - 1].x, cell.y)).toBe(true);
          }
        }
      });
    }
    expect(found).toBeGreaterThan(100);
  });

  it('should cost a diagonal step 1.4 and take the diagonal where it is cheaper', () => {
    const open = walkableMapFromRows(Array.from({ length: 8 }, () => '........'));
    const diagonal = findPath(open, { x: 0, y: 0 }, { x: 5, y: 5 })!;
    expect(diagonal).toHaveLength(6);
    expect(pathCost(diagonal)).toBeCloseTo(7);
    const mixed = findPath(open, { x: 0, y: 0 }, { x: 6, y: 2 })!;
    expect(pathCost(mixed)).toBeCloseTo(octile(6, 2));
    expect(octile(6, 2)).toBeCloseTo(2 * 1.4 + 4);
  });

  it('should go around a wall rather than through it', () => {
    const path = findPath(MAZE, { x: 0, y: 2 }, { x: 2, y: 2 })!;
    expect(path.length).toBeGreaterThan(3);
    expect(pathCost(path)).toBeGreaterThan(octile(2, 0));
  });

  it('should give up on unreachable, walled or too distant targets', () => {
    const island = walkableMapFromRows(['..#..', '..#..', '..#..']);
    expect(findPath(island, { x: 0, y: 0 }, { x: 4, y: 0 })).toBeUndefined();
    expect(findPath(MAZE, { x: 0, y: 0 }, { x: 1, y: 1 })).toBeUndefined();
    expect(findPath(MAZE, { x: 0, y: 0 }, { x: 4, y: 4 }, { maxExpanded: 5 })).toBeUndefined();
  });
});

describe('random cells and lines', () => {
  it('should pick walkable cells, within the radius', () => {
    const random = seededRandom(9);
    for (let i = 0; i < 200; i++) {
      const cell = randomWalkableNear(MAZE, random, { x: 5, y: 5 }, 3);
      if (cell) {
        expect(MAZE.isWalkable(cell.x, cell.y)).toBe(true);
        expect(Math.max(Math.abs(cell.x - 5), Math.abs(cell.y - 5))).toBeLessThanOrEqual(3);
      }
    }
  });

  it('should draw a line through every cell, both ends included', () => {
    expect(lineCells({ x: 0, y: 0 }, { x: 3, y: 1 })).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 2, y: 1 },
      { x: 3, y: 1 },
    ]);
  });
});
