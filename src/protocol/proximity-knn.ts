/** Anything with an id that the k-nearest buffer can rank. */
export interface Ranked {
  readonly id: string;
}

/**
 * Bounded insertion buffer for the k nearest candidates: O(k) per accepted candidate and no
 * allocation per query, instead of collecting and sorting every candidate in range.
 * Order: squared distance ascending, then id ascending (plain string comparison), so two
 * coordinators with the same positions produce the same lists.
 */
export class KNearest<T extends Ranked> {
  readonly items: T[] = [];
  /** Squared distances parallel to `items`; read-only outside this class. */
  readonly dist: Float64Array;
  count = 0;

  constructor(readonly k: number) {
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

  offer(item: T, d: number): void {
    const k = this.k;
    const dist = this.dist;
    const items = this.items;
    let i: number;
    if (this.count === k) {
      if (k === 0) {
        return;
      }
      const last = dist[k - 1];
      if (d > last || (d === last && item.id > items[k - 1].id)) {
        return;
      }
      i = k - 1;
    } else {
      i = this.count++;
    }
    while (i > 0) {
      const prev = dist[i - 1];
      if (prev < d || (prev === d && items[i - 1].id < item.id)) {
        break;
      }
      dist[i] = prev;
      items[i] = items[i - 1];
      i--;
    }
    dist[i] = d;
    items[i] = item;
  }
}
