import { GridPeer, PeerListDiff, PeerListEntry } from './proximity-types';

/** Shared by every empty side of every diff; frozen so no caller can fill it for the others. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * Installs a peer's fresh list and reports the change of membership. Marks on the peers replace
 * sets, scratch arrays are reused (never shrunk: `length = 0` would free their storage), and the
 * diff gets exact-size copies, because a crowded tick emits thousands of diffs.
 */
export class ListDiffer {
  private readonly added: GridPeer[] = [];
  private readonly removed: string[] = [];
  private markSeq = 0;

  /** Undefined when the membership is unchanged (a reordering is no change). */
  replace(p: GridPeer, items: readonly GridPeer[], count: number, tickNo: number): PeerListDiff | undefined {
    const list = p.list;
    const oldLength = p.listLength;
    const m = (this.markSeq += 2);
    for (let i = 0; i < oldLength; i++) {
      list[i].mark = m;
    }
    let addedCount = 0;
    for (let i = 0; i < count; i++) {
      const q = items[i];
      if (q.mark === m) {
        q.mark = m + 1; // kept
      } else {
        put(this.added, addedCount++, q);
      }
    }
    let removedCount = 0;
    for (let i = 0; i < oldLength; i++) {
      if (list[i].mark === m) {
        put(this.removed, removedCount++, list[i].id);
      }
    }
    for (let i = 0; i < count; i++) {
      put(list, i, items[i]);
    }
    p.listLength = count;
    if (addedCount === 0 && removedCount === 0) {
      return undefined;
    }
    let added: readonly PeerListEntry[] = NONE;
    if (addedCount > 0) {
      const entries = new Array<PeerListEntry>(addedCount);
      for (let i = 0; i < addedCount; i++) {
        entries[i] = entryOf(this.added[i], tickNo);
      }
      added = entries;
    }
    return { added, removed: removedCount > 0 ? this.removed.slice(0, removedCount) : NONE };
  }
}

/** One entry object per peer and tick, shared by every diff that adds that peer. */
function entryOf(q: GridPeer, tickNo: number): PeerListEntry {
  if (q.entryTick !== tickNo || q.entry === undefined) {
    q.entry = { peer_id: q.id, x: q.x, y: q.y };
    q.entryTick = tickNo;
  }
  return q.entry;
}

function put<T>(array: T[], index: number, value: T): void {
  if (index < array.length) {
    array[index] = value;
  } else {
    array.push(value);
  }
}
