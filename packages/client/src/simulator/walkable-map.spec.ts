import { BitmapWalkableMap, decodeBase64, walkableMapFromRows, walkableMapFromZoneMap } from './walkable-map';

/** base64 of bytes, without Buffer (as a browser would build it). */
const base64 = (bytes: number[]): string => globalThis.btoa(String.fromCharCode(...bytes));

describe(walkableMapFromZoneMap.name, () => {
  it('should read bit i = x + y·width at byte i >> 3, least significant bit first', () => {
    // 5×3 = 15 cells. Walkable: (0,0) bit 0, (3,0) bit 3, (2,1) bit 7, (0,2) bit 10, (4,2) bit 14.
    const bytes = [0b1000_1001, 0b0100_0100];
    const map = walkableMapFromZoneMap({
      width: 5,
      height: 3,
      encoding: 'bitmap-lsb0-base64',
      walkable: base64(bytes),
    });
    const rows = [0, 1, 2].map((y) => [0, 1, 2, 3, 4].map((x) => (map.isWalkable(x, y) ? '.' : '#')).join(''));
    expect(rows).toEqual(['.##.#', '##.##', '.###.']);
    expect(map.walkableCount).toBe(5);
  });

  it('should agree with a map built from rows, and treat off-map or fractional cells as walls', () => {
    const rows = ['..#..', '#...#', '.....', '##.##'];
    const reference = walkableMapFromRows(rows);
    const bits = new Uint8Array(Math.ceil(20 / 8));
    rows.forEach((row, y) =>
      [...row].forEach((c, x) => {
        if (c === '.') {
          bits[(x + y * 5) >> 3] |= 1 << ((x + y * 5) & 7);
        }
      }),
    );
    const map = walkableMapFromZoneMap({
      width: 5,
      height: 4,
      encoding: 'bitmap-lsb0-base64',
      walkable: base64([...bits]),
    });
    for (let y = -1; y <= 4; y++) {
      for (let x = -1; x <= 5; x++) {
        expect(map.isWalkable(x, y)).toBe(reference.isWalkable(x, y));
      }
    }
    expect(map.isWalkable(0.5, 0)).toBe(false);
    expect(map.isWalkable(5, 0)).toBe(false);
  });

  it('should refuse an unknown encoding and a bitmap of the wrong size', () => {
    expect(() => walkableMapFromZoneMap({ width: 2, height: 2, encoding: 'png', walkable: 'AA==' })).toThrow(
      /unknown map encoding/,
    );
    expect(() =>
      walkableMapFromZoneMap({ width: 20, height: 2, encoding: 'bitmap-lsb0-base64', walkable: base64([1]) }),
    ).toThrow(/1 bytes for 20×2 \(expected 5\)/);
    expect(() => new BitmapWalkableMap(0, 2, new Uint8Array(0))).toThrow(/not a positive/);
  });

  it('should decode base64 without Buffer', () => {
    expect([...decodeBase64('AP8Q')]).toEqual([0, 255, 16]);
  });
});
