import { CellStore, ensureTileOrder } from './proximity-cells';
import { KNearest } from './proximity-knn';
import { Cell, GridPeer } from './proximity-types';

/** Peers in the own cell from which tile rings beat whole-cell scans. */
const CROWDED_CELL = 24;
/** Tile rings tried before falling back to whole cells; reached only in thinning crowds. */
const TILE_RING_LIMIT = 4;

/**
 * k-nearest search over the cells around one peer. Cells are visited in rings of growing
 * Chebyshev distance, and a cell is skipped once the k-th candidate is strictly nearer than
 * any tile of that cell could be; exact ties still get visited, for the id tie-break.
 */
export class NearestSearch {
  readonly knn: KNearest<GridPeer>;
  /** How many cells away a peer can still see: ceil(areaRange / cellSize). */
  readonly reach: number;
  private readonly side: number;
  /** Cells around the current centre cell, loaded once for all the peers it holds. */
  private readonly hood: (Cell | undefined)[];
  // Per-query state, kept in fields so the hot helpers take few arguments.
  private self: GridPeer | undefined;
  private ox = 0;
  private oy = 0;
  private centre: Cell | undefined;

  constructor(
    private readonly cellSize: number,
    private readonly range: number,
    maxPeers: number,
  ) {
    this.knn = new KNearest<GridPeer>(maxPeers);
    this.reach = Math.ceil(range / cellSize);
    this.side = 2 * this.reach + 1;
    this.hood = new Array<Cell | undefined>(this.side * this.side);
  }

  loadAround(store: CellStore, centre: Cell): void {
    const { reach, side } = this;
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        this.hood[(dy + reach) * side + dx + reach] = store.get(centre.cx + dx, centre.cy + dy);
      }
    }
  }

  /** Fills `knn` with p's list; p must sit in the cell last passed to loadAround. */
  search(p: GridPeer, centre: Cell): void {
    const { cellSize: cs, range, knn } = this;
    knn.reset();
    if (knn.k === 0) {
      return;
    }
    this.self = p;
    this.centre = centre;
    if (centre.peers.length >= CROWDED_CELL && this.searchTiles(p)) {
      return;
    }
    knn.reset();
    // Extents in cells of p's visibility square around the centre cell, all >= 0. Integer
    // arithmetic only, and `0 - r` rather than `-r`: a -0 would deoptimise this hot function.
    const left = centre.cx - (p.x < range ? 0 : ((p.x - range) / cs) | 0);
    const right = (((p.x + range) / cs) | 0) - centre.cx;
    const up = centre.cy - (p.y < range ? 0 : ((p.y - range) / cs) | 0);
    const down = (((p.y + range) / cs) | 0) - centre.cy;
    const ox = (this.ox = p.x - centre.cx * cs);
    const oy = (this.oy = p.y - centre.cy * cs);
    const edge = Math.min(ox + 1, cs - ox, oy + 1, cs - oy);
    const rMax = Math.max(left, right, up, down);
    for (let r = 0; r <= rMax; r++) {
      if (r > 0 && knn.full) {
        const gap = (r - 1) * cs + edge; // nearest possible tile outside the rings done so far
        if (knn.worst < gap * gap) {
          break;
        }
      }
      const top = 0 - Math.min(r, up);
      const bottom = Math.min(r, down);
      for (let dy = top; dy <= bottom; dy++) {
        if (dy === r || dy === 0 - r) {
          const last = Math.min(r, right);
          for (let dx = 0 - Math.min(r, left); dx <= last; dx++) {
            this.visit(dx, dy);
          }
        } else {
          if (r <= left) {
            this.visit(0 - r, dy);
          }
          if (r <= right) {
            this.visit(r, dy);
          }
        }
      }
    }
    this.self = undefined;
  }

  private visit(dx: number, dy: number): void {
    const cell = this.hood[(dy + this.reach) * this.side + dx + this.reach];
    if (cell === undefined) {
      return;
    }
    const knn = this.knn;
    if (knn.full) {
      const gx = this.axisGap(dx, this.ox);
      const gy = this.axisGap(dy, this.oy);
      if (knn.worst < gx * gx + gy * gy) {
        return;
      }
    }
    this.scan(cell);
  }

  /** Tiles between the peer (at offset o in its cell) and the nearest tile of a cell d away. */
  private axisGap(d: number, o: number): number {
    if (d === 0) {
      return 0;
    }
    const cs = this.cellSize;
    return d < 0 ? o + 1 + (0 - d - 1) * cs : cs - o + (d - 1) * cs;
  }

  /**
   * In a crowded cell the k nearest sit within a few tiles, so walk tile rings instead of whole
   * cells: every peer on a tile shares one distance, and the walk ends once the k-th candidate
   * is nearer than ring r can be (r squared). Gives up past TILE_RING_LIMIT (false).
   */
  private searchTiles(p: GridPeer): boolean {
    const knn = this.knn;
    for (let r = 0; r <= this.range; r++) {
      if (knn.full && knn.worst < r * r) {
        return true;
      }
      if (r > TILE_RING_LIMIT) {
        return false;
      }
      const bottom = p.y + r;
      for (let ty = Math.max(p.y - r, 0); ty <= bottom; ty++) {
        if (ty === p.y - r || ty === bottom) {
          for (let tx = Math.max(p.x - r, 0); tx <= p.x + r; tx++) {
            this.scanTile(tx, ty);
          }
        } else {
          if (p.x - r >= 0) {
            this.scanTile(p.x - r, ty);
          }
          this.scanTile(p.x + r, ty);
        }
      }
    }
    return true;
  }

  private scanTile(tx: number, ty: number): void {
    const { cellSize: cs, reach, knn } = this;
    const centre = this.centre as Cell;
    const self = this.self as GridPeer;
    const hx = ((tx / cs) | 0) - centre.cx + reach;
    const hy = ((ty / cs) | 0) - centre.cy + reach;
    const cell = this.hood[hy * this.side + hx];
    if (cell === undefined) {
      return;
    }
    const dx = tx - self.x;
    const dy = ty - self.y;
    const d = dx * dx + dy * dy;
    if (knn.full && d > knn.worst) {
      return;
    }
    ensureTileOrder(cell, cs);
    const start = cell.tileStart as Int32Array;
    const t = (ty - cell.cy * cs) * cs + tx - cell.cx * cs;
    const byTile = cell.byTile;
    for (let i = start[t]; i < start[t + 1]; i++) {
      const q = byTile[i];
      if (q !== self) {
        knn.offer(q, d);
      }
    }
  }

  private scan(cell: Cell): void {
    const { range, knn } = this;
    const self = this.self as GridPeer;
    const { xs, ys, peers } = cell;
    const px = self.x;
    const py = self.y;
    const k = knn.k;
    const dist = knn.dist;
    for (let i = 0; i < xs.length; i++) {
      const dx = xs[i] - px;
      if (dx > range || dx < -range) {
        continue;
      }
      const dy = ys[i] - py;
      if (dy > range || dy < -range) {
        continue;
      }
      const d = dx * dx + dy * dy;
      // Cheap reject before touching the candidate object.
      if (knn.count === k && d > dist[k - 1]) {
        continue;
      }
      const q = peers[i];
      if (q !== self) {
        knn.offer(q, d);
      }
    }
  }
}
