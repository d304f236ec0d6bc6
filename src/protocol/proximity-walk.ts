/**
 * Tile offsets around a peer in order of squared distance, out to `limit` and inside the
 * visibility square of half-side `range`. Walking them nearest first lets a crowded search stop
 * at the first tile farther than its k-th candidate, and hands the k-nearest buffer candidates
 * in almost sorted order, so insertions rarely shift.
 */
export interface TileWalk {
  readonly dx: Int32Array;
  readonly dy: Int32Array;
  readonly d: Int32Array;
  /** Every tile of the square with squared distance <= limit is in the walk, and no other. */
  readonly limit: number;
}

export function tileWalk(range: number, limit: number): TileWalk {
  const r = Math.min(range, Math.floor(Math.sqrt(limit)));
  const offsets: [number, number, number][] = [];
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      if (dx * dx + dy * dy <= limit) {
        offsets.push([dx, dy, dx * dx + dy * dy]);
      }
    }
  }
  offsets.sort((a, b) => a[2] - b[2]);
  return {
    dx: Int32Array.from(offsets, (o) => o[0]),
    dy: Int32Array.from(offsets, (o) => o[1]),
    d: Int32Array.from(offsets, (o) => o[2]),
    limit,
  };
}
