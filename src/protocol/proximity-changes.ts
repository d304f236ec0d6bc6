import { PeerListDiff, PeerListEntry } from './proximity-types';

/**
 * The list changes of one tick, stored in columns: peer i's additions are
 * `addedIds/addedX/addedY[addedEnd[i-1] .. addedEnd[i])` (from 0 for i = 0) and its removals
 * `removedIds[removedEnd[i-1] .. removedEnd[i])`.
 *
 * Why columns: a crowded tick changes most lists (about 9,000 of 10,000 at 5 Hz), and one object
 * per diff and per entry, plus a Map keyed by peer, made the tick spend more time allocating and
 * collecting than searching. The grid reuses one instance, so its content is valid only until the
 * grid's next tick; a caller that keeps diffs takes `toMap()` (or `diffAt`).
 */
export class PeerListChanges {
  /** Peers whose list changed, in tick order. */
  readonly peers: string[] = [];
  readonly addedEnd: number[] = [];
  readonly addedIds: string[] = [];
  readonly addedX: number[] = [];
  readonly addedY: number[] = [];
  readonly removedEnd: number[] = [];
  readonly removedIds: string[] = [];
  private count = 0;
  private added = 0;
  private removed = 0;

  /** Number of peers whose list changed. */
  get size(): number {
    return this.count;
  }

  /** Forgets the content; the arrays keep their storage (never shrunk, as `length = 0` would). */
  clear(): void {
    this.count = 0;
    this.added = 0;
    this.removed = 0;
  }

  addedStart(i: number): number {
    return i === 0 ? 0 : this.addedEnd[i - 1];
  }

  removedStart(i: number): number {
    return i === 0 ? 0 : this.removedEnd[i - 1];
  }

  /** @internal Appends one addition of the peer being recorded; `endPeer` closes it. */
  pushAdded(id: string, x: number, y: number): void {
    const at = this.added++;
    put(this.addedIds, at, id);
    put(this.addedX, at, x);
    put(this.addedY, at, y);
  }

  /** @internal Appends one removal of the peer being recorded. */
  pushRemoved(id: string): void {
    put(this.removedIds, this.removed++, id);
  }

  /** @internal Closes the record of one peer whose additions and removals were just pushed. */
  endPeer(peerId: string): void {
    const i = this.count++;
    put(this.peers, i, peerId);
    put(this.addedEnd, i, this.added);
    put(this.removedEnd, i, this.removed);
  }

  /** Peer i's change as objects (allocates). */
  diffAt(i: number): PeerListDiff {
    const added: PeerListEntry[] = [];
    for (let j = this.addedStart(i); j < this.addedEnd[i]; j++) {
      added.push({ peer_id: this.addedIds[j], x: this.addedX[j], y: this.addedY[j] });
    }
    return { added, removed: this.removedIds.slice(this.removedStart(i), this.removedEnd[i]) };
  }

  /** Every change as a Map keyed by peer: a copy that outlives the next tick. */
  toMap(): Map<string, PeerListDiff> {
    const map = new Map<string, PeerListDiff>();
    for (let i = 0; i < this.count; i++) {
      map.set(this.peers[i], this.diffAt(i));
    }
    return map;
  }
}

/** Writes `array[index]`, growing by one when index is the length: scratch arrays that never shrink. */
function put<T>(array: T[], index: number, value: T): void {
  if (index < array.length) {
    array[index] = value;
  } else {
    array.push(value);
  }
}
