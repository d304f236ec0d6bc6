import { inflateSync } from 'node:zlib';
import { MapGrid } from './map-grid';

/**
 * rAthena's map cache (`db/map_cache.dat`, written by its mapcache tool), little-endian:
 *
 *   header   uint32 file size, uint16 map count, 2 bytes padding
 *   per map  char[12] name (NUL-padded), int16 width, int16 height, int32 n, n bytes of zlib data
 *
 * The zlib data inflates to width·height cell types, row by row (index x + y·width).
 */
export const FILE_HEADER_BYTES = 8;
export const MAP_HEADER_BYTES = 20;
const NAME_BYTES = 12;

/** One map of the index: where its compressed cells are, not the cells themselves. */
export interface MapCacheEntry {
  /** Lowercase, as rAthena names maps. */
  name: string;
  width: number;
  height: number;
  /** Byte offset of the compressed cells in the file. */
  offset: number;
  /** Byte length of the compressed cells. */
  length: number;
}

/** A map cache that does not follow the format; the message names the problem and the map. */
export class MapCacheFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MapCacheFormatError';
  }
}

/**
 * Reads every map header and checks the file's structure (sizes, count, bounds, unique names)
 * without inflating anything. Throws MapCacheFormatError on the first problem.
 */
export function readMapCacheIndex(buffer: Uint8Array): MapCacheEntry[] {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (buffer.length < FILE_HEADER_BYTES) {
    throw new MapCacheFormatError(
      `truncated: ${buffer.length} bytes, shorter than the ${FILE_HEADER_BYTES}-byte file header`,
    );
  }
  const declaredSize = view.getUint32(0, true);
  const count = view.getUint16(4, true);
  if (declaredSize !== buffer.length) {
    throw new MapCacheFormatError(`the header declares ${declaredSize} bytes but the file holds ${buffer.length}`);
  }
  const entries: MapCacheEntry[] = [];
  const seen = new Set<string>();
  let at = FILE_HEADER_BYTES;
  for (let index = 0; index < count; index++) {
    // Messages are built only on failure: a real cache has hundreds of maps and this runs at boot.
    const where = (): string => `map #${index + 1} of ${count} (at byte ${at})`;
    if (at === buffer.length) {
      throw new MapCacheFormatError(`the header declares ${maps(count)} but the file ends after ${index}`);
    }
    if (at + MAP_HEADER_BYTES > buffer.length) {
      throw new MapCacheFormatError(
        `truncated: ${where()} has ${buffer.length - at} of its ${MAP_HEADER_BYTES} header bytes`,
      );
    }
    const name = readName(buffer, at, where);
    const width = view.getInt16(at + NAME_BYTES, true);
    const height = view.getInt16(at + NAME_BYTES + 2, true);
    const length = view.getInt32(at + NAME_BYTES + 4, true);
    const offset = at + MAP_HEADER_BYTES;
    const map = (): string => `map "${name}" (${where()})`;
    if (width <= 0 || height <= 0) {
      throw new MapCacheFormatError(`${map()}: size ${width}×${height} is not positive`);
    }
    if (length <= 0) {
      throw new MapCacheFormatError(`${map()}: compressed length ${length} is not positive`);
    }
    if (offset + length > buffer.length) {
      throw new MapCacheFormatError(
        `${map()}: ${length} compressed bytes at byte ${offset} run past the end of the file (${buffer.length} bytes)`,
      );
    }
    if (seen.has(name)) {
      throw new MapCacheFormatError(`${map()}: duplicate name, already in the cache`);
    }
    seen.add(name);
    entries.push({ name, width, height, offset, length });
    at = offset + length;
  }
  if (at !== buffer.length) {
    throw new MapCacheFormatError(
      `the header declares ${maps(count)} but ${buffer.length - at} bytes follow the last of them (at byte ${at})`,
    );
  }
  return entries;
}

/** Inflates one map's cells; they must be exactly width·height bytes. */
export function decodeMap(buffer: Uint8Array, entry: MapCacheEntry): MapGrid {
  const expected = entry.width * entry.height;
  const where = `map "${entry.name}" (${entry.width}×${entry.height}, ${entry.length} compressed bytes at byte ${entry.offset})`;
  let cells: Buffer;
  try {
    // Bounded, so a corrupt stream cannot inflate into an arbitrarily large buffer.
    cells = inflateSync(buffer.subarray(entry.offset, entry.offset + entry.length), { maxOutputLength: expected });
  } catch (error) {
    if (isCode(error, 'ERR_BUFFER_TOO_LARGE')) {
      throw new MapCacheFormatError(`${where}: inflates to more than the ${expected} cells of its size`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new MapCacheFormatError(`${where}: not a valid zlib stream (${reason})`);
  }
  if (cells.length !== expected) {
    throw new MapCacheFormatError(`${where}: inflates to ${cells.length} cells, expected ${expected}`);
  }
  return MapGrid.fromCells(entry.name, entry.width, entry.height, cells);
}

/** The NUL-padded name at `at`, lowercased; printable ASCII only, so a shifted header reads as an error. */
function readName(buffer: Uint8Array, at: number, where: () => string): string {
  let name = '';
  let printable = true;
  for (let i = at; i < at + NAME_BYTES && buffer[i] !== 0; i++) {
    printable &&= buffer[i] >= 0x21 && buffer[i] <= 0x7e;
    name += String.fromCharCode(buffer[i]);
  }
  if (name === '') {
    throw new MapCacheFormatError(`${where()}: empty map name`);
  }
  if (!printable) {
    throw new MapCacheFormatError(`${where()}: map name ${JSON.stringify(name)} is not printable ASCII`);
  }
  return name.toLowerCase();
}

const maps = (count: number): string => `${count} map${count === 1 ? '' : 's'}`;

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
