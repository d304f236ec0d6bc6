import { CellStore, attachPeer, detachPeer, movePeerWithinCell } from './proximity-cells';
import { NearestSearch } from './proximity-search';
import { Cell, GridPeer, MAX_COORD, PeerListDiff, PeerListEntry, ProximityOptions } from './proximity-types';

/**
 * Per-zone uniform grid keeping, for every peer, the `maxPeers` nearest peers within a square of
 * `areaRange` tiles. Moves are O(1); `tick()` recomputes only the peers whose range touches a
 * cell that changed since the previous tick, so its cost follows what moved, not the zone size.
 */
export class ProximityGrid {
  readonly cellSize: number;
  readonly areaRange: number;
  readonly maxPeers: number;
  private readonly peers = new Map<string, GridPeer>();
  private readonly cells: CellStore;
  private readonly search: NearestSearch;
  /** Cells that gained, lost or moved a peer since the last tick. */
  private readonly dirty: Cell[] = [];
  /** Removed since the last tick; revived as the same object if the id comes back meanwhile. */
  private readonly departed = new Map<string, GridPeer>();
  private readonly affected: Cell[] = [];
  private readonly addedScratch: GridPeer[] = [];
  private readonly removedScratch: string[] = [];
  /** Numbers the ticks; the dirty and affected stamps compare against it. */
  private tickNo = 1;
  private markSeq = 0;

  constructor(opts: ProximityOptions = {}) {
    this.cellSize = opts.cellSize ?? 8;
    this.areaRange = opts.areaRange ?? 14;
    this.maxPeers = opts.maxPeers ?? 10;
    const ints = [this.cellSize, this.areaRange, this.maxPeers].every(Number.isInteger);
    if (!ints || this.cellSize < 1 || this.areaRange < 0 || this.maxPeers < 0) {
      throw new RangeError('cellSize >= 1, areaRange >= 0 and maxPeers >= 0 must be integers');
    }
    this.cells = new CellStore(this.cellSize);
    this.search = new NearestSearch(this.cellSize, this.areaRange, this.maxPeers);
  }

  get size(): number {
    return this.peers.size;
  }

  position(peerId: string): { x: number; y: number } | undefined {
    const p = this.peers.get(peerId);
    return p && { x: p.x, y: p.y };
  }

  /** The list as of the last tick, nearest first. */
  peersOf(peerId: string): string[] {
    const p = this.peers.get(peerId);
    return p ? p.list.slice(0, p.listLength).map((q) => q.id) : [];
  }

  upsert(peerId: string, x: number, y: number): void {
    if (!isCoord(x) || !isCoord(y)) {
      throw new RangeError(`bad position ${x},${y}`);
    }
    let p = this.peers.get(peerId);
    if (p === undefined) {
      p = this.departed.get(peerId);
      this.departed.delete(peerId);
      // A rejoining peer starts from an empty list so its first diff is its full list again.
      if (p) {
        p.listLength = 0;
      } else {
        p = {
          id: peerId,
          x,
          y,
          cell: undefined,
          slot: 0,
          list: [],
          listLength: 0,
          mark: 0,
          entry: undefined,
          entryTick: 0,
        };
      }
      this.peers.set(peerId, p);
    } else if (p.x === x && p.y === y) {
      return;
    }
    p.x = x;
    p.y = y;
    const from = p.cell;
    const to = this.cells.getOrCreate(Math.floor(x / this.cellSize), Math.floor(y / this.cellSize));
    if (from !== undefined) {
      this.markDirty(from);
    }
    this.markDirty(to);
    if (from === to) {
      movePeerWithinCell(p, x, y);
    } else {
      detachPeer(p);
      attachPeer(p, to);
    }
  }

  remove(peerId: string): boolean {
    const p = this.peers.get(peerId);
    if (p === undefined) {
      return false;
    }
    if (p.cell) {
      this.markDirty(p.cell);
    }
    detachPeer(p);
    p.listLength = 0;
    this.peers.delete(peerId);
    this.departed.set(peerId, p);
    return true;
  }

  /** Recomputes the lists a change may have touched; returns only non-empty diffs. */
  tick(): Map<string, PeerListDiff> {
    const diffs = new Map<string, PeerListDiff>();
    const stamp = this.tickNo;
    const affected = this.affected;
    const reach = this.search.reach;
    for (const dirty of this.dirty) {
      for (let dy = -reach; dy <= reach; dy++) {
        for (let dx = -reach; dx <= reach; dx++) {
          const cell = this.cells.get(dirty.cx + dx, dirty.cy + dy);
          if (cell !== undefined && cell.stamp !== stamp && cell.peers.length > 0) {
            cell.stamp = stamp;
            affected.push(cell);
          }
        }
      }
    }
    for (const cell of affected) {
      this.search.loadAround(this.cells, cell);
      for (const p of cell.peers) {
        this.refresh(p, cell, diffs);
      }
    }
    for (const cell of this.dirty) {
      this.cells.dropIfEmpty(cell);
    }
    affected.length = 0;
    this.dirty.length = 0;
    this.departed.clear();
    this.tickNo++;
    return diffs;
  }

  private markDirty(cell: Cell): void {
    if (cell.dirtyStamp === this.tickNo) {
      return;
    }
    cell.dirtyStamp = this.tickNo;
    this.dirty.push(cell);
  }

  private entryOf(q: GridPeer): PeerListEntry {
    if (q.entryTick !== this.tickNo || q.entry === undefined) {
      q.entry = { peer_id: q.id, x: q.x, y: q.y };
      q.entryTick = this.tickNo;
    }
    return q.entry;
  }

  /** Replaces p's list with the fresh search result and records what changed. */
  private refresh(p: GridPeer, cell: Cell, diffs: Map<string, PeerListDiff>): void {
    this.search.search(p, cell);
    const { items, count } = this.search.knn;
    const list = p.list;
    const oldLength = p.listLength;
    const m = (this.markSeq += 2);
    for (let i = 0; i < oldLength; i++) {
      list[i].mark = m;
    }
    // Changes go to scratch arrays that never shrink (setting `length = 0` would free their
    // storage), and the diff gets exact-size copies: a crowded tick emits thousands of diffs.
    const added = this.addedScratch;
    const removed = this.removedScratch;
    let addedCount = 0;
    let removedCount = 0;
    for (let i = 0; i < count; i++) {
      const q = items[i];
      if (q.mark === m) {
        q.mark = m + 1;
      } else if (addedCount < added.length) {
        added[addedCount++] = q;
      } else {
        added.push(q);
        addedCount++;
      }
    }
    for (let i = 0; i < oldLength; i++) {
      if (list[i].mark !== m) {
        continue;
      }
      if (removedCount < removed.length) {
        removed[removedCount++] = list[i].id;
      } else {
        removed.push(list[i].id);
        removedCount++;
      }
    }
    for (let i = 0; i < count; i++) {
      if (i < list.length) {
        list[i] = items[i];
      } else {
        list.push(items[i]);
      }
    }
    p.listLength = count;
    if (addedCount > 0 || removedCount > 0) {
      let entries: readonly PeerListEntry[] = NONE;
      if (addedCount > 0) {
        const fresh = new Array<PeerListEntry>(addedCount);
        for (let i = 0; i < addedCount; i++) {
          fresh[i] = this.entryOf(added[i]);
        }
        entries = fresh;
      }
      diffs.set(p.id, { added: entries, removed: removedCount > 0 ? removed.slice(0, removedCount) : NONE });
    }
  }
}

/** Shared by every empty side of every diff; frozen so no caller can fill it for the others. */
const NONE: readonly never[] = Object.freeze([]);

function isCoord(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= MAX_COORD;
}
