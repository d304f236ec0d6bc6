import { idKey } from './proximity-idkey';
import { Cell } from './proximity-types';

const INITIAL_CAPACITY = 64;

/**
 * The grid's peers as columns indexed by a small integer, instead of one object per peer: the
 * tick reads positions, marks and lists of thousands of peers in random order, and typed arrays
 * keep those reads dense and free of pointer chasing. Indexes of released peers are reused, so
 * the columns stay as long as the largest population the zone has had.
 *
 * The columns are replaced when they grow, so callers read them afresh after `allocate`.
 */
export class PeerTable {
  /** Id per index; the id of a released index stays until the index is reused. */
  readonly ids: string[] = [];
  /** idKey of each id, for the k-nearest tie-break. */
  idKeys = new Float64Array(INITIAL_CAPACITY);
  x = new Int32Array(INITIAL_CAPACITY);
  y = new Int32Array(INITIAL_CAPACITY);
  /** Index inside the cell's columns, for O(1) swap-removal. */
  slot = new Int32Array(INITIAL_CAPACITY);
  /**
   * Scratch mark used to diff two lists without allocating sets. Doubles, not Uint32: a sequence
   * bumped once per list of a busy zone would wrap a 32-bit counter within a day.
   */
  mark = new Float64Array(INITIAL_CAPACITY);
  /**
   * Current lists, nearest first: index i owns `lists[i * stride ..]`, of which the first
   * `listLength[i]` entries are valid.
   */
  lists: Int32Array;
  listLength = new Int32Array(INITIAL_CAPACITY);
  /** Cell holding each index, undefined before the first placement. */
  readonly cells: (Cell | undefined)[] = [];
  private readonly free: number[] = [];
  private capacity = INITIAL_CAPACITY;

  constructor(readonly stride: number) {
    this.lists = new Int32Array(INITIAL_CAPACITY * stride);
  }

  /** A fresh index for `id`, with an empty list and no cell. */
  allocate(id: string): number {
    const index = this.free.length > 0 ? (this.free.pop() as number) : this.ids.length;
    if (index >= this.capacity) {
      this.grow();
    }
    this.ids[index] = id;
    this.idKeys[index] = idKey(id);
    this.cells[index] = undefined;
    this.listLength[index] = 0;
    return index;
  }

  /** Makes the index available again; the caller has already taken it out of its cell. */
  release(index: number): void {
    this.cells[index] = undefined;
    this.free.push(index);
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    this.idKeys = widen(this.idKeys, new Float64Array(capacity));
    this.x = widen(this.x, new Int32Array(capacity));
    this.y = widen(this.y, new Int32Array(capacity));
    this.slot = widen(this.slot, new Int32Array(capacity));
    this.mark = widen(this.mark, new Float64Array(capacity));
    this.lists = widen(this.lists, new Int32Array(capacity * this.stride));
    this.listLength = widen(this.listLength, new Int32Array(capacity));
    this.capacity = capacity;
  }
}

/** Copies `from` into the start of the larger `to` and returns `to`. */
export function widen<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
