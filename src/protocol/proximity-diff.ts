import { PeerListChanges } from './proximity-changes';
import { PeerTable } from './proximity-peers';

/**
 * Installs a peer's fresh list and records the change of membership. Marks in the peer table
 * replace sets: a crowded tick diffs thousands of lists.
 */
export class ListDiffer {
  private markSeq = 0;

  constructor(private readonly peers: PeerTable) {}

  /**
   * Records p's change in `out` and returns true, or returns false when the membership is
   * unchanged (a reordering is no change). Added peers are recorded with their position now.
   */
  replace(p: number, items: Int32Array, count: number, out: PeerListChanges): boolean {
    const { ids, x, y, lists, mark, stride } = this.peers;
    const base = p * stride;
    const oldEnd = base + this.peers.listLength[p];
    const m = (this.markSeq += 2);
    for (let i = base; i < oldEnd; i++) {
      mark[lists[i]] = m;
    }
    // Pushed straight into `out`: a peer that records nothing pushes nothing, and endPeer closes
    // the record of one that does.
    let changed = false;
    for (let i = 0; i < count; i++) {
      const q = items[i];
      if (mark[q] === m) {
        mark[q] = m + 1; // kept
      } else {
        out.pushAdded(ids[q], x[q], y[q]);
        changed = true;
      }
    }
    for (let i = base; i < oldEnd; i++) {
      if (mark[lists[i]] === m) {
        out.pushRemoved(ids[lists[i]]);
        changed = true;
      }
    }
    for (let i = 0; i < count; i++) {
      lists[base + i] = items[i]; // not lists.set(items.subarray(..)): that allocates a view
    }
    this.peers.listLength[p] = count;
    if (changed) {
      out.endPeer(ids[p]);
    }
    return changed;
  }
}
