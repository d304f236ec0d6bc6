import { CellStore, attachPeer, detachPeer, movePeerWithinCell } from './proximity-cells';
import { PeerListChanges } from './proximity-changes';
import { ListDiffer } from './proximity-diff';
import { PeerTable } from './proximity-peers';
import { NearestSearch } from './proximity-search';
import { Cell, MAX_COORD, PeerListDiff, ProximityOptions } from './proximity-types';

/**
 * Per-zone uniform grid keeping, for every peer, the `maxPeers` nearest peers within a square of
 * `areaRange` tiles. Moves are O(1); `tick()` recomputes only the peers whose range touches a
 * cell that changed since the previous tick, so its cost follows what moved, not the zone size.
 */
export class ProximityGrid {
  readonly cellSize: number;
  readonly areaRange: number;
  readonly maxPeers: number;
  /** Index in `table` of every present peer. */
  private readonly peers = new Map<string, number>();
  private readonly table: PeerTable;
  private readonly cells: CellStore;
  private readonly search: NearestSearch;
  /** Cells that gained, lost or moved a peer since the last tick. */
  private readonly dirty: Cell[] = [];
  /**
   * Removed since the last tick. Their indexes are released only after the next tick, when no
   * list refers to them any more; an id that comes back meanwhile gets its old index again, so
   * for the others it only moved.
   */
  private readonly departed = new Map<string, number>();
  private readonly affected: Cell[] = [];
  private readonly differ: ListDiffer;
  /** Reused by every tick: see PeerListChanges for why and for how long its content holds. */
  private readonly changes = new PeerListChanges();
  /** Numbers the ticks; the dirty and affected stamps compare against it. */
  private tickNo = 1;

  constructor(opts: ProximityOptions = {}) {
    this.cellSize = opts.cellSize ?? 8;
    this.areaRange = opts.areaRange ?? 14;
    this.maxPeers = opts.maxPeers ?? 10;
    const ints = [this.cellSize, this.areaRange, this.maxPeers].every(Number.isInteger);
    if (!ints || this.cellSize < 1 || this.areaRange < 0 || this.maxPeers < 0) {
      throw new RangeError('cellSize >= 1, areaRange >= 0 and maxPeers >= 0 must be integers');
    }
    this.table = new PeerTable(this.maxPeers);
    this.cells = new CellStore(this.cellSize);
    this.search = new NearestSearch(this.table, this.cellSize, this.areaRange, this.maxPeers);
    this.differ = new ListDiffer(this.table);
  }

  get size(): number {
    return this.peers.size;
  }

  position(peerId: string): { x: number; y: number } | undefined {
    const p = this.peers.get(peerId);
    return p === undefined ? undefined : { x: this.table.x[p], y: this.table.y[p] };
  }

  /** The list as of the last tick, nearest first. */
  peersOf(peerId: string): string[] {
    const p = this.peers.get(peerId);
    if (p === undefined) {
      return [];
    }
    const { ids, lists, listLength, stride } = this.table;
    return Array.from(lists.subarray(p * stride, p * stride + listLength[p]), (q) => ids[q]);
  }

  upsert(peerId: string, x: number, y: number): void {
    if (!isCoord(x) || !isCoord(y)) {
      throw new RangeError(`bad position ${x},${y}`);
    }
    const table = this.table;
    let p = this.peers.get(peerId);
    if (p === undefined) {
      p = this.departed.get(peerId);
      this.departed.delete(peerId);
      // A rejoining peer starts from an empty list so its first diff is its full list again.
      if (p === undefined) {
        p = table.allocate(peerId);
      } else {
        table.listLength[p] = 0;
      }
      this.peers.set(peerId, p);
    } else if (table.x[p] === x && table.y[p] === y) {
      return;
    }
    table.x[p] = x;
    table.y[p] = y;
    const from = table.cells[p];
    const to = this.cells.getOrCreate(Math.floor(x / this.cellSize), Math.floor(y / this.cellSize));
    if (from !== undefined) {
      this.markDirty(from);
    }
    this.markDirty(to);
    if (from === to) {
      movePeerWithinCell(table, p);
    } else {
      detachPeer(table, p);
      attachPeer(table, p, to);
    }
  }

  remove(peerId: string): boolean {
    const p = this.peers.get(peerId);
    if (p === undefined) {
      return false;
    }
    const cell = this.table.cells[p];
    if (cell) {
      this.markDirty(cell);
    }
    detachPeer(this.table, p);
    this.table.listLength[p] = 0;
    this.peers.delete(peerId);
    this.departed.set(peerId, p);
    return true;
  }

  /**
   * Recomputes the lists a change may have touched and returns only the lists that changed, as
   * a fresh Map that the caller may keep. `step()` does the same without the copy.
   */
  tick(): Map<string, PeerListDiff> {
    return this.step().toMap();
  }

  /**
   * The tick itself: the changed lists in columns, in an object the grid reuses, so valid until
   * the next `step()` or `tick()`. The coordinator's tick loop consumes it at once.
   */
  step(): PeerListChanges {
    const changes = this.changes;
    changes.clear();
    const stamp = this.tickNo;
    const affected = this.affected;
    const reach = this.search.reach;
    for (const dirty of this.dirty) {
      for (let dy = -reach; dy <= reach; dy++) {
        for (let dx = -reach; dx <= reach; dx++) {
          const cell = this.cells.get(dirty.cx + dx, dirty.cy + dy);
          if (cell !== undefined && cell.stamp !== stamp && cell.count > 0) {
            cell.stamp = stamp;
            affected.push(cell);
          }
        }
      }
    }
    const { search, differ } = this;
    for (const cell of affected) {
      search.loadAround(this.cells, cell);
      const members = cell.members;
      for (let i = 0; i < cell.count; i++) {
        search.search(members[i], cell);
        differ.replace(members[i], search.knn.items, search.knn.count, changes);
      }
    }
    for (const cell of this.dirty) {
      this.cells.dropIfEmpty(cell);
    }
    affected.length = 0;
    this.dirty.length = 0;
    for (const p of this.departed.values()) {
      this.table.release(p);
    }
    this.departed.clear();
    this.tickNo++;
    return changes;
  }

  private markDirty(cell: Cell): void {
    if (cell.dirtyStamp === this.tickNo) {
      return;
    }
    cell.dirtyStamp = this.tickNo;
    this.dirty.push(cell);
  }
}

function isCoord(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= MAX_COORD;
}
