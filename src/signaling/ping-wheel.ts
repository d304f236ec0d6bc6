/** Slices per ping interval are this far apart, at most (fewer for short intervals). */
const SLICE_MS = 100;

/**
 * Spreads the protocol pings of one interval over slices of about 100 ms: each open connection is
 * pinged once per round, in turn, instead of all in one turn of the event loop. A ping is one
 * socket write; a node holding 20,000 sockets spent tens of milliseconds writing them at once,
 * and every message that arrived meanwhile waited.
 */
export class PingWheel<T> {
  readonly slices: number;
  readonly sliceMs: number;
  private round: T[] = [];
  private next = 0;

  constructor(intervalMs: number) {
    this.slices = Math.max(1, Math.round(intervalMs / SLICE_MS));
    this.sliceMs = intervalMs / this.slices;
  }

  /**
   * The connections to ping in this slice. A round starts from a snapshot of `all()` taken at its
   * first slice; a connection opened during a round waits for the next one (it is new anyway).
   */
  turn(all: () => Iterable<T>): T[] {
    if (this.next === 0) {
      this.round = [...all()];
    }
    const size = this.round.length;
    const slice = this.round.slice(
      Math.floor((size * this.next) / this.slices),
      Math.floor((size * (this.next + 1)) / this.slices),
    );
    this.next = (this.next + 1) % this.slices;
    if (this.next === 0) {
      this.round = []; // closed connections are not kept until the next round
    }
    return slice;
  }
}
