/**
 * Gathers the calls made during one turn (the synchronous code and the promise continuations that
 * follow it) into one call of `flush`, sent on `process.nextTick`. A burst of disconnects releases
 * routes and leaves sessions a few at a time (see DisconnectDrain); one Redis script for the few
 * costs one command, one write and one reply to parse instead of one of each per peer.
 *
 * `flush` answers one result per item, in order; a failure is every item's failure.
 */
export class TurnBatch<I, O> {
  private items: I[] = [];
  private waiters: Array<{ resolve: (result: O) => void; reject: (error: unknown) => void }> = [];

  constructor(private readonly flush: (items: readonly I[]) => Promise<readonly O[]>) {}

  add(item: I): Promise<O> {
    if (this.items.length === 0) {
      process.nextTick(() => this.send());
    }
    this.items.push(item);
    return new Promise<O>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private send(): void {
    const { items, waiters } = this;
    this.items = [];
    this.waiters = [];
    // A flush that throws before returning a promise fails the batch like one that rejects.
    const sent = new Promise<readonly O[]>((settle) => settle(this.flush(items)));
    sent.then(
      (results) => waiters.forEach((waiter, i) => waiter.resolve(results[i])),
      (error: unknown) => waiters.forEach((waiter) => waiter.reject(error)),
    );
  }
}
