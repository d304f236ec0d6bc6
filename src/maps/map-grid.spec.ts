import { isWalkableCellType, MapGrid } from './map-grid';

describe(MapGrid.name, () => {
  describe('fromCells', () => {
    it.each([
      [0, true],
      [1, false],
      [2, true],
      [3, true],
      [4, true],
      [5, false],
      [6, true],
      [7, false],
      [255, false],
    ])('should read cell type %p as walkable: %p', (type, walkable) => {
      expect(isWalkableCellType(type)).toBe(walkable);
      expect(MapGrid.fromCells('m', 1, 1, Uint8Array.of(type)).isWalkable(0, 0)).toBe(walkable);
    });

    it('should store cell x + y·width at byte i >> 3, bit i & 7, least significant bit first', () => {
      // 5×3 = 15 cells; walkable: (0,0) i=0, (3,0) i=3, (2,1) i=7, (3,1) i=8, (4,2) i=14.
      const cells = new Uint8Array(15).fill(1);
      for (const i of [0, 3, 7, 8, 14]) {
        cells[i] = 0;
      }
      const grid = MapGrid.fromCells('bits', 5, 3, cells);

      expect([...grid.bitmap()]).toEqual([0b1000_1001, 0b0100_0001]);
      expect(grid.bitmapBytes).toBe(2);
      expect(grid.walkableCount).toBe(5);
      expect(grid.isWalkable(3, 0)).toBe(true);
      expect(grid.isWalkable(2, 1)).toBe(true);
      expect(grid.isWalkable(4, 2)).toBe(true);
      expect(grid.isWalkable(1, 0)).toBe(false);
    });

    it('should agree with a cell-by-cell reading on every cell of a larger map of every type', () => {
      const [width, height] = [37, 23];
      let seed = 7;
      const cells = Uint8Array.from({ length: width * height }, () => (seed = (seed * 1103515245 + 12345) >>> 0) % 9);
      const grid = MapGrid.fromCells('mixed', width, height, cells);

      let walkable = 0;
      for (let i = 0; i < cells.length; i++) {
        const expected = [0, 2, 3, 4, 6].includes(cells[i]);
        walkable += expected ? 1 : 0;
        expect([i, grid.isWalkable(i % width, Math.floor(i / width))]).toEqual([i, expected]);
      }
      expect(grid.walkableCount).toBe(walkable);
      expect(grid.bitmapBytes).toBe(Math.ceil((width * height) / 8));
    });

    it('should refuse a cell count that does not match the size', () => {
      expect(() => MapGrid.fromCells('short', 4, 4, new Uint8Array(15))).toThrow(
        'Map "short": 15 cells for 4×4 (expected 16)',
      );
    });

    it.each([
      [0, 4],
      [4, 0],
      [-1, 4],
      [2.5, 4],
    ])('should refuse a %p×%p map', (width, height) => {
      expect(() => MapGrid.fromCells('bad', width, height, new Uint8Array(0))).toThrow(/not a positive whole size/);
    });

    it('should hand out a copy of the bitmap, so the grid cannot be changed through it', () => {
      const grid = MapGrid.fromRows('copy', ['.#']);
      grid.bitmap().fill(0xff);
      expect(grid.isWalkable(1, 0)).toBe(false);
    });
  });

  describe('fromRows', () => {
    const grid = MapGrid.fromRows('art', ['..#', '#..', '...', '##.']);

    it('should read rows[y][x] with "." walkable and "#" wall', () => {
      expect({ name: grid.name, width: grid.width, height: grid.height }).toEqual({ name: 'art', width: 3, height: 4 });
      expect(grid.isWalkable(0, 0)).toBe(true);
      expect(grid.isWalkable(2, 0)).toBe(false);
      expect(grid.isWalkable(0, 1)).toBe(false);
      expect(grid.isWalkable(2, 3)).toBe(true);
      expect(grid.walkableCount).toBe(8);
    });

    it('should refuse ragged rows, unknown characters and an empty picture', () => {
      expect(() => MapGrid.fromRows('ragged', ['...', '..'])).toThrow('Map "ragged": row 1 has 2 cells, row 0 has 3');
      expect(() => MapGrid.fromRows('odd', ['.x.'])).toThrow('Map "odd": row 0 column 1 is "x"');
      expect(() => MapGrid.fromRows('empty', [])).toThrow(/not a positive whole size/);
    });
  });

  describe('inBounds and isWalkable', () => {
    const grid = MapGrid.fromRows('open', ['...', '...']);

    it.each([
      [0, 0, true],
      [2, 1, true],
      [3, 0, false],
      [0, 2, false],
      [-1, 0, false],
      [0, -1, false],
      [0.5, 0, false],
      [0, Number.NaN, false],
      [Number.POSITIVE_INFINITY, 0, false],
    ])('(%p, %p) is in bounds: %p, and walkable only then', (x, y, inside) => {
      expect(grid.inBounds(x, y)).toBe(inside);
      expect(grid.isWalkable(x, y)).toBe(inside);
    });

    it('should never read a neighbouring row for an x past the width', () => {
      const walls = MapGrid.fromRows('edge', ['##', '..']);
      // x = 2 on row 0 would be cell 2, which is (0, 1), walkable.
      expect(walls.isWalkable(2, 0)).toBe(false);
    });
  });
});
