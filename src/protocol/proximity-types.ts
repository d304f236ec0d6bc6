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

/** @internal Mutable peer record of the grid. */
export interface GridPeer {
  readonly id: string;
  x: number;
  y: number;
  cell: Cell | undefined;
  /** Index inside the cell's parallel arrays, for O(1) swap-removal. */
  slot: number;
  /**
   * Current list, nearest first: the first `listLength` entries. The array only grows, so a
   * tick rewrites it in place instead of reallocating it; entries past the length are stale.
   */
  list: GridPeer[];
  listLength: number;
  /** Scratch mark used to diff two lists without allocating sets. */
  mark: number;
}

/**
 * @internal One grid cell. Coordinates are kept in arrays parallel to `peers` so the distance
 * scan reads contiguous numbers instead of chasing one object per candidate.
 */
export interface Cell {
  readonly cx: number;
  readonly cy: number;
  readonly peers: GridPeer[];
  readonly xs: number[];
  readonly ys: number[];
  /** Bumped on every change of membership or position, to know when `byTile` is stale. */
  version: number;
  /** Version `byTile` was built for; -1 before the first build. */
  tileOrderVersion: number;
  /** The cell's peers grouped by tile: tile t holds byTile[tileStart[t] .. tileStart[t+1]). */
  byTile: GridPeer[];
  tileStart: Int32Array | undefined;
  /** Tick number that last queued this cell as affected. */
  stamp: number;
  /** Tick number for which this cell is already in the dirty list. */
  dirtyStamp: number;
}
