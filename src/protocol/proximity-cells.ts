import { Cell, GridPeer, MAX_COORD } from './proximity-types';

/** Cells per axis held in a flat array: 1,024 tiles at the default size, more than any RO map. */
const DENSE_SIDE = 128;
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
      peers: [],
      xs: [],
      ys: [],
      version: 0,
      tileOrderVersion: -1,
      byTile: [],
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
    if (cell.peers.length > 0 || this.get(cell.cx, cell.cy) !== cell) {
      return;
    }
    if (cell.cx < DENSE_SIDE && cell.cy < DENSE_SIDE) {
      this.dense[cell.cy * DENSE_SIDE + cell.cx] = undefined;
    } else {
      this.sparse.delete(cell.cx * KEY_STRIDE + cell.cy);
    }
  }
}

export function attachPeer(p: GridPeer, cell: Cell): void {
  p.cell = cell;
  cell.version++;
  p.slot = cell.peers.length;
  cell.peers.push(p);
  cell.xs.push(p.x);
  cell.ys.push(p.y);
}

/** Swap-remove: O(1), order inside a cell carries no meaning. */
export function detachPeer(p: GridPeer): void {
  const cell = p.cell;
  if (cell === undefined) {
    return;
  }
  cell.version++;
  const last = cell.peers.pop() as GridPeer;
  const lastX = cell.xs.pop() as number;
  const lastY = cell.ys.pop() as number;
  if (last !== p) {
    cell.peers[p.slot] = last;
    cell.xs[p.slot] = lastX;
    cell.ys[p.slot] = lastY;
    last.slot = p.slot;
  }
  p.cell = undefined;
}

/** Records a move that stays inside the peer's cell. */
export function movePeerWithinCell(p: GridPeer, x: number, y: number): void {
  const cell = p.cell as Cell;
  cell.version++;
  cell.xs[p.slot] = x;
  cell.ys[p.slot] = y;
}

/**
 * Groups a cell's peers by tile (counting sort, O(peers + tiles)) unless already current.
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
  const { peers, xs, ys, byTile } = cell;
  const x0 = cell.cx * cellSize;
  const y0 = cell.cy * cellSize;
  for (let i = 0; i < peers.length; i++) {
    start[(ys[i] - y0) * cellSize + xs[i] - x0 + 2]++;
  }
  for (let j = 1; j < start.length; j++) {
    start[j] += start[j - 1];
  }
  byTile.length = peers.length;
  for (let i = 0; i < peers.length; i++) {
    byTile[start[(ys[i] - y0) * cellSize + xs[i] - x0 + 1]++] = peers[i];
  }
  cell.tileOrderVersion = cell.version;
}
