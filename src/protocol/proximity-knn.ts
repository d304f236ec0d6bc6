import { idKey } from './proximity-idkey';

/** Ids of the candidates by index, with their idKey; the grid's PeerTable is one. */
export interface CandidateIds {
  readonly ids: readonly string[];
  readonly idKeys: Float64Array;
}

/** CandidateIds for a fixed list of ids. */
export function candidateIds(ids: readonly string[]): CandidateIds {
  return { ids, idKeys: Float64Array.from(ids, idKey) };
}

/**
 * Bounded insertion buffer for the k nearest candidates, given as indexes into `names`: O(k) per
 * accepted candidate and no allocation per query, instead of collecting and sorting every
 * candidate in range. Order: squared distance ascending, then id ascending (plain string
 * comparison), so two coordinators with the same positions produce the same lists. Ids are
 * compared only on exact distance ties, and as strings only when their keys are equal.
 */
export class KNearest {
  /** Candidate indexes, nearest first: the first `count` entries. */
  readonly items: Int32Array;
  /** Squared distances parallel to `items`; read-only outside this class. */
  readonly dist: Float64Array;
  count = 0;

  constructor(
    readonly k: number,
    private readonly names: CandidateIds,
  ) {
    this.items = new Int32Array(Math.max(k, 1));
    this.dist = new Float64Array(Math.max(k, 1));
  }

  reset(): void {
    this.count = 0;
  }

  get full(): boolean {
    return this.count === this.k;
  }

  /** Squared distance of the current k-th candidate; only meaningful when full. */
  get worst(): number {
    return this.dist[this.k - 1];
  }

  offer(item: number, d: number): void {
    const k = this.k;
    const dist = this.dist;
    const items = this.items;
    let i: number;
    if (this.count === k) {
      if (k === 0) {
        return;
      }
      const last = dist[k - 1];
      if (d > last || (d === last && this.before(items[k - 1], item))) {
        return;
      }
      i = k - 1;
    } else {
      i = this.count++;
    }
    while (i > 0) {
      const prev = dist[i - 1];
      if (prev < d || (prev === d && this.before(items[i - 1], item))) {
        break;
      }
      dist[i] = prev;
      items[i] = items[i - 1];
      i--;
    }
    dist[i] = d;
    items[i] = item;
  }

  /** Whether candidate a sorts before b at equal distance; ids are unique, so never both ways. */
  private before(a: number, b: number): boolean {
    // Read through `names` each time: the grid's table replaces its columns when it grows.
    const keys = this.names.idKeys;
    return keys[a] < keys[b] || (keys[a] === keys[b] && this.names.ids[a] < this.names.ids[b]);
  }
}
