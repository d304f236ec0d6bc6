/** Shapes shared by the proximity grid, its helpers, its naive reference and their callers. */

export interface ProximityOptions {
  /** Tiles per grid cell; 8 matches rAthena's block size. */
  cellSize?: number;
  /** Half-side of the visibility square, in tiles (rAthena's AREA_SIZE is 14). */
  areaRange?: number;
  /** At most this many nearest peers per list. */
  maxPeers?: number;
}

/** Field names follow the JSON `peer_list` message sent to clients. */
export interface PeerListEntry {
  readonly peer_id: string;
  readonly x: number;
  readonly y: number;
}

/** One peer's change of list (`PeerListChanges.diffAt` / `toMap`). */
export interface PeerListDiff {
  readonly added: readonly PeerListEntry[];
  readonly removed: readonly string[];
}

/** Positions are u16 on the wire; the grid accepts exactly that range. */
export const MAX_COORD = 0xffff;

/**
 * @internal One grid cell, holding peer indexes of the grid's PeerTable. Coordinates are copied
 * into columns parallel to `members` so the distance scan reads contiguous numbers instead of
 * looking up each candidate. The columns grow by doubling; the first `count` entries are valid.
 */
export interface Cell {
  readonly cx: number;
  readonly cy: number;
  count: number;
  members: Int32Array;
  xs: Int32Array;
  ys: Int32Array;
  /** Bumped on every change of membership or position, to know when `byTile` is stale. */
  version: number;
  /** Version `byTile` was built for; -1 before the first build. */
  tileOrderVersion: number;
  /** The cell's members grouped by tile: tile t holds byTile[tileStart[t] .. tileStart[t+1]). */
  byTile: Int32Array;
  tileStart: Int32Array | undefined;
  /** Tick number that last queued this cell as affected. */
  stamp: number;
  /** Tick number for which this cell is already in the dirty list. */
  dirtyStamp: number;
}
