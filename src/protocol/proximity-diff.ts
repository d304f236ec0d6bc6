import { PeerListChanges, put } from './proximity-changes';
import { GridPeer } from './proximity-types';

/**
 * Installs a peer's fresh list and records the change of membership. Marks on the peers replace
 * sets and scratch arrays are reused (never shrunk: `length = 0` would free their storage): a
 * crowded tick diffs thousands of lists.
 */
export class ListDiffer {
  private readonly added: GridPeer[] = [];
  private readonly removed: string[] = [];
  private markSeq = 0;

  /**
   * Records p's change in `out` and returns true, or returns false when the membership is
   * unchanged (a reordering is no change). Added peers are recorded with their position now.
   */
  replace(p: GridPeer, items: readonly GridPeer[], count: number, out: PeerListChanges): boolean {
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
      return false;
    }
    for (let i = 0; i < addedCount; i++) {
      const q = this.added[i];
      out.pushAdded(q.id, q.x, q.y);
    }
    for (let i = 0; i < removedCount; i++) {
      out.pushRemoved(this.removed[i]);
    }
    out.endPeer(p.id);
    return true;
  }
}
