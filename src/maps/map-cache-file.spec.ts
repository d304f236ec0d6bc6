import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import {
  buildMapCache,
  MAP_CACHE_FIXTURE,
  mapCacheOf,
  mapRecord,
  readTestMapCache,
  testMap,
} from '../../test/utils/map-cache';
import { decodeMap, MapCacheFormatError, readMapCacheIndex } from './map-cache-file';

const alpha = testMap('alpha', ['..#.', '#~^.', '....']);
const beta = testMap('beta', ['#.', '.#']);

describe(readMapCacheIndex.name, () => {
  it('should index every map: name, size and where its compressed cells are', () => {
    const file = mapCacheOf([alpha, beta]);
    const alphaLength = deflateSync(alpha.cells).length;

    expect(readMapCacheIndex(file)).toEqual([
      { name: 'alpha', width: 4, height: 3, offset: 28, length: alphaLength },
      { name: 'beta', width: 2, height: 2, offset: 28 + alphaLength + 20, length: deflateSync(beta.cells).length },
    ]);
  });

  it('should read an empty cache and a name of all 12 bytes', () => {
    expect(readMapCacheIndex(buildMapCache([]))).toEqual([]);
    const long = testMap('abcdefghijkl', ['.']);
    expect(readMapCacheIndex(mapCacheOf([long]))[0].name).toBe('abcdefghijkl');
  });

  it('should lowercase names', () => {
    expect(readMapCacheIndex(mapCacheOf([{ ...beta, name: 'BeTa' }]))[0].name).toBe('beta');
  });

  it('should read a buffer that is a view into a larger one', () => {
    const file = mapCacheOf([alpha]);
    const padded = Buffer.concat([Buffer.alloc(5), file]);
    expect(readMapCacheIndex(padded.subarray(5))[0]).toMatchObject({ name: 'alpha', offset: 28 });
  });

  describe('refuses a malformed file, naming the problem and the map', () => {
    const bad = (file: Buffer): string => {
      try {
        readMapCacheIndex(file);
      } catch (error) {
        expect(error).toBeInstanceOf(MapCacheFormatError);
        return (error as Error).message;
      }
      throw new Error('expected readMapCacheIndex to throw');
    };
    const two = (): Buffer => mapCacheOf([alpha, beta]);
    const withHeader = (record: Buffer, patch: (header: Buffer) => void): Buffer => {
      const copy = Buffer.from(record);
      patch(copy);
      return buildMapCache([mapRecord(alpha), copy]);
    };

    it('a file shorter than its header', () => {
      expect(bad(Buffer.alloc(5))).toBe('truncated: 5 bytes, shorter than the 8-byte file header');
    });

    it('a declared size other than the file size (a truncated or padded file)', () => {
      const file = two();
      expect(bad(file.subarray(0, file.length - 1))).toBe(
        `the header declares ${file.length} bytes but the file holds ${file.length - 1}`,
      );
      expect(bad(Buffer.concat([file, Buffer.alloc(3)]))).toBe(
        `the header declares ${file.length} bytes but the file holds ${file.length + 3}`,
      );
    });

    it('more maps declared than the file holds', () => {
      expect(bad(buildMapCache([mapRecord(alpha), mapRecord(beta)], { count: 3 }))).toBe(
        'the header declares 3 maps but the file ends after 2',
      );
    });

    it('fewer maps declared than the file holds', () => {
      const file = buildMapCache([mapRecord(alpha), mapRecord(beta)], { count: 1 });
      const alphaEnd = 8 + mapRecord(alpha).length;
      expect(bad(file)).toBe(
        `the header declares 1 map but ${file.length - alphaEnd} bytes follow the last of them (at byte ${alphaEnd})`,
      );
    });

    it('a map header cut short', () => {
      const file = buildMapCache([mapRecord(alpha), Buffer.alloc(7)], { count: 2 });
      expect(bad(file)).toBe(
        `truncated: map #2 of 2 (at byte ${8 + mapRecord(alpha).length}) has 7 of its 20 header bytes`,
      );
    });

    it.each([
      ['zero width', 12, 0],
      ['zero height', 14, 0],
      ['negative width', 12, -4],
      ['negative height', 14, -1],
    ])('a %s', (_label, field, value) => {
      const file = withHeader(mapRecord(beta), (header) => header.writeInt16LE(value, field));
      expect(bad(file)).toMatch(/^map "beta" \(map #2 of 2 \(at byte \d+\)\): size -?\d+×-?\d+ is not positive$/);
    });

    it.each([0, -5])('a compressed length of %p', (length) => {
      const file = withHeader(mapRecord(beta), (header) => header.writeInt32LE(length, 16));
      expect(bad(file)).toMatch(new RegExp(`^map "beta" .*: compressed length ${length} is not positive$`));
    });

    it('compressed cells running past the end of the file', () => {
      const record = mapRecord(beta);
      const file = withHeader(record, (header) => header.writeInt32LE(record.length, 16));
      const offset = 8 + mapRecord(alpha).length + 20;
      expect(bad(file)).toBe(
        `map "beta" (map #2 of 2 (at byte ${offset - 20})): ${record.length} compressed bytes at byte ${offset} run past the end of the file (${file.length} bytes)`,
      );
    });

    it('the same name twice, whatever its case', () => {
      expect(bad(mapCacheOf([alpha, beta, { ...alpha, name: 'ALPHA' }]))).toMatch(
        /^map "alpha" \(map #3 of 3 .*\): duplicate name, already in the cache$/,
      );
    });

    it('an empty or unprintable name', () => {
      expect(bad(mapCacheOf([{ ...alpha, name: '' }]))).toBe('map #1 of 1 (at byte 8): empty map name');
      expect(bad(mapCacheOf([{ ...alpha, name: 'bad name' }]))).toBe(
        'map #1 of 1 (at byte 8): map name "bad name" is not printable ASCII',
      );
    });
  });
});

describe(decodeMap.name, () => {
  it('should inflate a map into its walkable cells', () => {
    const file = mapCacheOf([alpha]);
    const grid = decodeMap(file, readMapCacheIndex(file)[0]);

    expect({ name: grid.name, width: grid.width, height: grid.height }).toEqual({ name: 'alpha', width: 4, height: 3 });
    // ..#.  /  #~^.  /  ....   (~ water is walkable, ^ cliff is not)
    const walkable = [0, 1, 2].map((y) => [0, 1, 2, 3].map((x) => (grid.isWalkable(x, y) ? '.' : '#')).join(''));
    expect(walkable).toEqual(['..#.', '#.#.', '....']);
    expect(grid.walkableCount).toBe(9);
  });

  it.each([
    ['fewer', 11, 'inflates to 11 cells, expected 12'],
    ['more', 13, 'inflates to more than the 12 cells of its size'],
  ])('should refuse cells that inflate to %s bytes than width·height', (_label, cells, problem) => {
    const file = buildMapCache([mapRecord(alpha, deflateSync(new Uint8Array(cells)))]);
    const entry = readMapCacheIndex(file)[0];
    expect(() => decodeMap(file, entry)).toThrow(
      new MapCacheFormatError(`map "alpha" (4×3, ${entry.length} compressed bytes at byte 28): ${problem}`),
    );
  });

  it('should refuse data that is not zlib', () => {
    const file = buildMapCache([mapRecord(alpha, Buffer.from('not zlib at all'))]);
    expect(() => decodeMap(file, readMapCacheIndex(file)[0])).toThrow(
      /^map "alpha" \(4×3, 15 compressed bytes at byte 28\): not a valid zlib stream \(.+\)$/,
    );
  });

  it('should refuse a zlib stream cut short', () => {
    const full = deflateSync(alpha.cells);
    const file = buildMapCache([mapRecord(alpha, full.subarray(0, full.length - 4))]);
    expect(() => decodeMap(file, readMapCacheIndex(file)[0])).toThrow(/not a valid zlib stream/);
  });

  it('should decode the committed fixture exactly as an independent reader does', () => {
    const file = readFileSync(MAP_CACHE_FIXTURE);
    const reference = readTestMapCache(file);
    const index = readMapCacheIndex(file);

    expect(index.map(({ name, width, height }) => `${name} ${width}×${height}`).sort()).toEqual([
      'geffen 240×240',
      'izlude 268×300',
      'payon 300×360',
      'prontera 312×392',
    ]);
    for (const entry of index) {
      const grid = decodeMap(file, entry);
      const { cells } = reference.get(entry.name)!;
      let walkable = 0;
      for (let i = 0; i < cells.length; i++) {
        const expected = [0, 2, 3, 4, 6].includes(cells[i]);
        walkable += expected ? 1 : 0;
        if (grid.isWalkable(i % entry.width, Math.floor(i / entry.width)) !== expected) {
          throw new Error(`${entry.name}: cell ${i} differs`);
        }
      }
      expect(grid.walkableCount).toBe(walkable);
    }
  });
});
