/**
 * The walkable cells of a map, as the simulator needs them: the structural shape the coordinator's
 * movement model takes (`width`, `height`, `isWalkable`), decoded from the answer of
 * `GET /api/v1/zones/{zone_id}/map` (docs/protocol.md, "Maps"). Works in Node and in browsers.
 */
export interface WalkableMap {
  readonly width: number;
  readonly height: number;
  /** False off the map and for non-integer coordinates. */
  isWalkable(x: number, y: number): boolean;
}

/** The REST answer of `GET /api/v1/zones/{zone_id}/map` (the fields the simulator reads). */
export interface ZoneMapJson {
  width: number;
  height: number;
  encoding: string;
  walkable: string;
  zone_id?: string;
  map_name?: string;
  walkable_cells?: number;
}

export const ZONE_MAP_ENCODING = 'bitmap-lsb0-base64';

/** A map over a bitmap: cell (x, y) is bit i = x + y·width, byte i >> 3, bit i & 7, LSB first. */
export class BitmapWalkableMap implements WalkableMap {
  readonly walkableCount: number;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly bits: Uint8Array,
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new Error(`map size ${width}×${height} is not a positive whole size`);
    }
    const expected = Math.ceil((width * height) / 8);
    if (bits.length !== expected) {
      throw new Error(`walkable bitmap of ${bits.length} bytes for ${width}×${height} (expected ${expected})`);
    }
    let count = 0;
    for (let i = 0; i < width * height; i++) {
      count += (bits[i >> 3] >> (i & 7)) & 1;
    }
    this.walkableCount = count;
  }

  isWalkable(x: number, y: number): boolean {
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= this.width || y >= this.height) {
      return false;
    }
    const i = x + y * this.width;
    return ((this.bits[i >> 3] >> (i & 7)) & 1) === 1;
  }
}

/** Decodes the zone map answer; throws on an unknown encoding or a bitmap of the wrong size. */
export function walkableMapFromZoneMap(json: ZoneMapJson): BitmapWalkableMap {
  if (json.encoding !== ZONE_MAP_ENCODING) {
    throw new Error(`unknown map encoding ${JSON.stringify(json.encoding)} (expected ${ZONE_MAP_ENCODING})`);
  }
  return new BitmapWalkableMap(json.width, json.height, decodeBase64(json.walkable));
}

/**
 * A map from ASCII art, for tests and examples: `rows[y][x]`, `.` walkable, anything else a wall.
 */
export function walkableMapFromRows(rows: readonly string[]): BitmapWalkableMap {
  const width = rows[0]?.length ?? 0;
  const bits = new Uint8Array(Math.ceil((width * rows.length) / 8));
  rows.forEach((row, y) => {
    if (row.length !== width) {
      throw new Error(`row ${y} has ${row.length} cells, row 0 has ${width}`);
    }
    for (let x = 0; x < width; x++) {
      if (row[x] === '.') {
        const i = x + y * width;
        bits[i >> 3] |= 1 << (i & 7);
      }
    }
  });
  return new BitmapWalkableMap(width, rows.length, bits);
}

/** Base64 to bytes with `atob` (Node 16+ and every browser); no Buffer needed. */
export function decodeBase64(text: string): Uint8Array {
  const binary = globalThis.atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}
