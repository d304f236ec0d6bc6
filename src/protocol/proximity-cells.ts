import { PeerTable, widen } from './proximity-peers';
import { Cell, MAX_COORD } from './proximity-types';

/** Cells per axis held in a flat array: 1,024 tiles at the default size, more than any RO map. */
const DENSE_SIDE = 128;
/** Room a new cell starts with; most cells of a real map hold a handful of peers. */
const CELL_CAPACITY = 8;
const KEY_STRIDE = MAX_COORD + 1;

/**
 * Cell storage: a flat array for the area where real maps live (one indexed load per lookup,
 * which the tick does tens of thousands of times) and a map beyond it, so a far-away coordinate
 * costs one entry instead of a huge array.
 */
export class CellStore {
  private readonly dense = new Array<Cell | undefined>(DENSE_SIDE * DENSE_SIDE);
  private readonly sparse = new Map<number, Cell>();
  private readonly maxCell: number;

  constructor(cellSize: number) {
    this.maxCell = Math.floor(MAX_COORD / cellSize);
  }

  get(cx: number, cy: number): Cell | undefined {
    if (cx < 0 || cy < 0) {
      return undefined;
    }
    if (cx < DENSE_SIDE && cy < DENSE_SIDE) {
      return this.dense[cy * DENSE_SIDE + cx];
    }
    if (cx > this.maxCell || cy > this.maxCell) {
      return undefined;
    }
    return this.sparse.get(cx * KEY_STRIDE + cy);
  }

  getOrCreate(cx: number, cy: number): Cell {
    const existing = this.get(cx, cy);
    if (existing !== undefined) {
      return existing;
    }
    const cell: Cell = {
      cx,
      cy,
      count: 0,
      members: new Int32Array(CELL_CAPACITY),
      xs: new Int32Array(CELL_CAPACITY),
      ys: new Int32Array(CELL_CAPACITY),
      version: 0,
      tileOrderVersion: -1,
      byTile: new Int32Array(CELL_CAPACITY),
      tileStart: undefined,
      stamp: 0,
      dirtyStamp: 0,
    };
    if (cx < DENSE_SIDE && cy < DENSE_SIDE) {
      this.dense[cy * DENSE_SIDE + cx] = cell;
    } else {
      this.sparse.set(cx * KEY_STRIDE + cy, cell);
    }
    return cell;
  }

  /** Frees an empty cell so a zone that emptied does not keep its cells forever. */
  dropIfEmpty(cell: Cell): void {
    if (cell.count > 0 || this.get(cell.cx, cell.cy) !== cell) {
      return;
    }
    if (cell.cx < DENSE_SIDE && cell.cy < DENSE_SIDE) {
      this.dense[cell.cy * DENSE_SIDE + cell.cx] = undefined;
    } else {
      this.sparse.delete(cell.cx * KEY_STRIDE + cell.cy);
    }
  }
}

export function attachPeer(peers: PeerTable, p: number, cell: Cell): void {
  if (cell.count === cell.members.length) {
    const capacity = cell.count * 2;
    cell.members = widen(cell.members, new Int32Array(capacity));
    cell.xs = widen(cell.xs, new Int32Array(capacity));
    cell.ys = widen(cell.ys, new Int32Array(capacity));
    cell.byTile = new Int32Array(capacity); // rebuilt from scratch, see the version bump below
  }
  peers.cells[p] = cell;
  cell.version++;
  const slot = cell.count++;
  peers.slot[p] = slot;
  cell.members[slot] = p;
  cell.xs[slot] = peers.x[p];
  cell.ys[slot] = peers.y[p];
}

/** Swap-remove: O(1), order inside a cell carries no meaning. */
export function detachPeer(peers: PeerTable, p: number): void {
  const cell = peers.cells[p];
  if (cell === undefined) {
    return;
  }
  cell.version++;
  const last = --cell.count;
  const slot = peers.slot[p];
  if (slot !== last) {
    const moved = cell.members[last];
    cell.members[slot] = moved;
    cell.xs[slot] = cell.xs[last];
    cell.ys[slot] = cell.ys[last];
    peers.slot[moved] = slot;
  }
  peers.cells[p] = undefined;
}

/** Records a move that stays inside the peer's cell; the table already holds the new position. */
export function movePeerWithinCell(peers: PeerTable, p: number): void {
  const cell = peers.cells[p] as Cell;
  cell.version++;
  const slot = peers.slot[p];
  cell.xs[slot] = peers.x[p];
  cell.ys[slot] = peers.y[p];
}

/**
 * Groups a cell's members by tile (counting sort, O(peers + tiles)) unless already current.
 * Built lazily: only crowded neighbourhoods use it, and only once per change of the cell.
 */
export function ensureTileOrder(cell: Cell, cellSize: number): void {
  if (cell.tileOrderVersion === cell.version) {
    return;
  }
  const tiles = cellSize * cellSize;
  // Two spare slots let the counting sort use `start` itself as the placement cursor.
  const start = (cell.tileStart ??= new Int32Array(tiles + 2));
  start.fill(0);
  const { count, members, xs, ys, byTile } = cell;
  const x0 = cell.cx * cellSize;
  const y0 = cell.cy * cellSize;
  for (let i = 0; i < count; i++) {
    start[(ys[i] - y0) * cellSize + xs[i] - x0 + 2]++;
  }
  for (let j = 1; j < start.length; j++) {
    start[j] += start[j - 1];
  }
  for (let i = 0; i < count; i++) {
    byTile[start[(ys[i] - y0) * cellSize + xs[i] - x0 + 1]++] = members[i];
  }
  cell.tileOrderVersion = cell.version;
}
