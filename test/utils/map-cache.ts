import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';

/**
 * rAthena map caches for tests, written and read here with zlib directly: independent of
 * src/maps, so a spec can check the parser against it. Format in src/maps/map-cache-file.ts.
 */
export interface TestMap {
  name: string;
  width: number;
  height: number;
  /** width·height cell types, row-major (x + y·width). */
  cells: Uint8Array;
}

/** A map from ASCII art: `rows[y][x]`, `.` ground (type 0), `#` wall (1), `~` water (3), `^` cliff (5). */
export function testMap(name: string, rows: string[]): TestMap {
  const types: Record<string, number> = { '.': 0, '#': 1, '~': 3, '^': 5 };
  const width = rows[0].length;
  const cells = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => [...row].forEach((char, x) => (cells[x + y * width] = types[char])));
  return { name, width, height: rows.length, cells };
}

/** One map record: 12-byte name, int16 width and height, int32 length, the zlib data. */
export function mapRecord(map: TestMap, compressed: Buffer = deflateSync(map.cells)): Buffer {
  const header = Buffer.alloc(20);
  header.write(map.name, 0, 12, 'latin1');
  header.writeInt16LE(map.width, 12);
  header.writeInt16LE(map.height, 14);
  header.writeInt32LE(compressed.length, 16);
  return Buffer.concat([header, compressed]);
}

/** A whole cache; `count` and `size` override the header's fields (to write malformed files). */
export function buildMapCache(records: Buffer[], header: { count?: number; size?: number } = {}): Buffer {
  const body = Buffer.concat(records);
  const head = Buffer.alloc(8);
  head.writeUInt32LE(header.size ?? body.length + 8, 0);
  head.writeUInt16LE(header.count ?? records.length, 4);
  return Buffer.concat([head, body]);
}

export const mapCacheOf = (maps: TestMap[]): Buffer => buildMapCache(maps.map((map) => mapRecord(map)));

/** Writes a cache into a fresh temporary directory and returns its path. */
export function writeMapCacheFile(contents: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'map-cache-')), 'map_cache.dat');
  writeFileSync(path, contents);
  return path;
}

/** Every map of a cache file, decoded without src/maps: name → its header and raw cell types. */
export function readTestMapCache(file: Buffer): Map<string, TestMap> {
  const maps = new Map<string, TestMap>();
  let at = 8;
  for (let i = 0; i < file.readUInt16LE(4); i++) {
    const name = file.toString('latin1', at, at + 12).replace(/\0.*$/s, '');
    const width = file.readInt16LE(at + 12);
    const height = file.readInt16LE(at + 14);
    const length = file.readInt32LE(at + 16);
    maps.set(name, { name, width, height, cells: inflateSync(file.subarray(at + 20, at + 20 + length)) });
    at += 20 + length;
  }
  return maps;
}

/** The committed fixture: prontera, geffen, payon and izlude cut from a real cache. */
export const MAP_CACHE_FIXTURE = join(__dirname, '..', 'fixtures', 'maps', 'map_cache.dat');
