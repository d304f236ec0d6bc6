import { CellStore, ensureTileOrder } from './proximity-cells';
import { KNearest } from './proximity-knn';
import { PeerTable } from './proximity-peers';
import { Cell } from './proximity-types';
import { TileWalk, tileWalk } from './proximity-walk';

/**
 * Peers in the own cell from which the tile walk beats whole-cell scans. Measured with callgrind
 * on the 10,000-peer benchmark: 12 costs fewer instructions than 8, 16 or 24.
 */
const CROWDED_CELL = 12;
/**
 * Squared distance the tile walk covers before falling back to whole cells; reached only in
 * thinning crowds. 24 covers what four rings of tiles did: every tile nearer than 5.
 */
const TILE_WALK_LIMIT = 24;

/**
 * k-nearest search over the cells around one peer. Cells are visited in rings of growing
 * Chebyshev distance, and a cell is skipped once the k-th candidate is strictly nearer than
 * any tile of that cell could be; exact ties still get visited, for the id tie-break.
 */
export class NearestSearch {
  /** The list found by the last `search`. */
  readonly knn: KNearest;
  /** One slot wider than `knn`, for the list of a whole tile (see shareTile). */
  private readonly wide: KNearest;
  /** The buffer the running query fills: knn, or wide for a tile's list. */
  private active: KNearest;
  /** How many cells away a peer can still see: ceil(areaRange / cellSize). */
  readonly reach: number;
  private readonly side: number;
  /** Cells around the current centre cell, loaded once for all the peers it holds. */
  private readonly hood: (Cell | undefined)[];
  private readonly walk: TileWalk;
  /**
   * Squared gap in tiles, along each axis, from the peer to the cells `d - reach` away: filled
   * once per search, so a cell visit prunes with two loads instead of recomputing them.
   */
  private readonly gapX: Int32Array;
  private readonly gapY: Int32Array;
  // Per-query state, kept in fields so the hot helpers take few arguments.
  private self = -1;
  private px = 0;
  private py = 0;
  private centre: Cell | undefined;
  /**
   * Lists shared by the peers of one tile of the centre cell, `wide.k` slots per tile, valid
   * while tileStamp[t] equals `pass` (bumped by loadAround). Doubles: they never wrap.
   */
  private readonly tileLists: Int32Array;
  private readonly tileCounts: Int32Array;
  private readonly tileStamp: Float64Array;
  private pass = 0;

  constructor(
    private readonly peers: PeerTable,
    private readonly cellSize: number,
    private readonly range: number,
    maxPeers: number,
  ) {
    this.knn = new KNearest(maxPeers, peers);
    this.wide = new KNearest(maxPeers + 1, peers);
    this.active = this.knn;
    const tiles = cellSize * cellSize;
    this.tileLists = new Int32Array(tiles * this.wide.k);
    this.tileCounts = new Int32Array(tiles);
    this.tileStamp = new Float64Array(tiles);
    this.reach = Math.ceil(range / cellSize);
    this.side = 2 * this.reach + 1;
    this.hood = new Array<Cell | undefined>(this.side * this.side);
    this.walk = tileWalk(range, TILE_WALK_LIMIT);
    this.gapX = new Int32Array(this.side);
    this.gapY = new Int32Array(this.side);
  }

  loadAround(store: CellStore, centre: Cell): void {
    const { reach, side } = this;
    this.pass++;
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        this.hood[(dy + reach) * side + dx + reach] = store.get(centre.cx + dx, centre.cy + dy);
      }
    }
  }

  /** Fills `knn` with p's list; p must sit in the cell last passed to loadAround. */
  search(p: number, centre: Cell): void {
    const cs = this.cellSize;
    this.knn.reset();
    if (this.knn.k === 0) {
      return;
    }
    if (centre.count >= CROWDED_CELL) {
      ensureTileOrder(centre, cs);
      const t = (this.peers.y[p] - centre.cy * cs) * cs + this.peers.x[p] - centre.cx * cs;
      const start = centre.tileStart as Int32Array;
      if (start[t + 1] - start[t] > 1) {
        this.shareTile(p, centre, t);
        return;
      }
    }
    this.find(p, p, centre, this.knn);
  }

  /**
   * Peers on one tile see the same candidates at the same distances, so their lists all come
   * from one list of the tile: its k + 1 nearest, the tile's own peers included. Dropping p
   * from it leaves exactly p's k nearest, with the same order and tie-breaks as p's own search.
   * Crowds put several peers on many tiles, and each such tile is searched once per tick.
   */
  private shareTile(p: number, centre: Cell, t: number): void {
    const { knn, wide, tileLists } = this;
    const base = t * wide.k;
    if (this.tileStamp[t] !== this.pass) {
      this.find(p, -1, centre, wide);
      for (let i = 0; i < wide.count; i++) {
        tileLists[base + i] = wide.items[i];
      }
      this.tileCounts[t] = wide.count;
      this.tileStamp[t] = this.pass;
    }
    const end = base + this.tileCounts[t];
    let n = 0;
    for (let i = base; i < end && n < knn.k; i++) {
      if (tileLists[i] !== p) {
        knn.items[n++] = tileLists[i];
      }
    }
    knn.count = n;
  }

  /** Fills `into` with the nearest peers around p's position, `self` (p or none, -1) excluded. */
  private find(p: number, self: number, centre: Cell, into: KNearest): void {
    const { cellSize: cs, range } = this;
    const knn = (this.active = into);
    knn.reset();
    const px = (this.px = this.peers.x[p]);
    const py = (this.py = this.peers.y[p]);
    this.self = self;
    this.centre = centre;
    if (centre.count >= CROWDED_CELL && this.searchTiles()) {
      return;
    }
    knn.reset();
    // Extents in cells of p's visibility square around the centre cell, all >= 0. Integer
    // arithmetic only, and `0 - r` rather than `-r`: a -0 would deoptimise this hot function.
    const left = centre.cx - (px < range ? 0 : ((px - range) / cs) | 0);
    const right = (((px + range) / cs) | 0) - centre.cx;
    const up = centre.cy - (py < range ? 0 : ((py - range) / cs) | 0);
    const down = (((py + range) / cs) | 0) - centre.cy;
    const ox = px - centre.cx * cs;
    const oy = py - centre.cy * cs;
    for (let d = 0 - this.reach; d <= this.reach; d++) {
      const gx = this.axisGap(d, ox);
      const gy = this.axisGap(d, oy);
      this.gapX[d + this.reach] = gx * gx;
      this.gapY[d + this.reach] = gy * gy;
    }
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
  }

  private visit(dx: number, dy: number): void {
    const cell = this.hood[(dy + this.reach) * this.side + dx + this.reach];
    if (cell === undefined) {
      return;
    }
    const knn = this.active;
    if (knn.full) {
      if (knn.worst < this.gapX[dx + this.reach] + this.gapY[dy + this.reach]) {
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
   * In a crowded cell the k nearest sit within a few tiles, so walk tiles nearest first instead
   * of whole cells: every peer on a tile shares one distance, and the walk ends at the first tile
   * farther than the k-th candidate (tiles at exactly its distance are still visited, for the id
   * tie-break). Gives up (false) when the walk runs out first.
   */
  private searchTiles(): boolean {
    const { active: knn, px, py } = this;
    const { dx, dy, d } = this.walk;
    const k = knn.k;
    const dist = knn.dist;
    for (let j = 0; j < d.length; j++) {
      if (knn.count === k && d[j] > dist[k - 1]) {
        return true;
      }
      const tx = px + dx[j];
      const ty = py + dy[j];
      if (tx >= 0 && ty >= 0) {
        this.scanTile(tx, ty, d[j]);
      }
    }
    // Tiles beyond the walk are farther than its limit.
    return knn.full && knn.worst <= this.walk.limit;
  }

  /** Offers the peers on tile (tx, ty), at squared distance d from the searching peer. */
  private scanTile(tx: number, ty: number, d: number): void {
    const { cellSize: cs, reach, active: knn, self } = this;
    const centre = this.centre as Cell;
    const hx = ((tx / cs) | 0) - centre.cx + reach;
    const hy = ((ty / cs) | 0) - centre.cy + reach;
    const cell = this.hood[hy * this.side + hx];
    if (cell === undefined) {
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
    const { range, active: knn, self, px, py } = this;
    const { count, xs, ys, members } = cell;
    const k = knn.k;
    const dist = knn.dist;
    for (let i = 0; i < count; i++) {
      const dx = xs[i] - px;
      if (dx > range || dx < -range) {
        continue;
      }
      const dy = ys[i] - py;
      if (dy > range || dy < -range) {
        continue;
      }
      const d = dx * dx + dy * dy;
      // Cheap reject before the insertion, which may compare ids.
      if (knn.count === k && d > dist[k - 1]) {
        continue;
      }
      const q = members[i];
      if (q !== self) {
        knn.offer(q, d);
      }
    }
  }
}
