/** How many disconnect clean-ups run at once, and how many start per turn of the event loop. */
export const DISCONNECT_DRAIN = { concurrency: 8, slice: 4 };

/**
 * Lets joins go first when many sockets close at once. A disconnect's clean-up (route release,
 * leave record, live leave, announcement) is a few Redis and PostgreSQL round trips; a thousand of
 * them started in one turn put about two thousand commands on the shared connections, and every
 * join arriving meanwhile waited behind them. Here clean-ups wait in order and start a few per turn
 * (each batch on its own `setImmediate`, so the I/O of joins in flight runs between batches), with a
 * bounded number in flight. Nothing is skipped or reordered: a clean-up only starts later, and what
 * guards it against a peer that came back meanwhile (the route released only by the connection
 * that owns it, the live leave only from the session it names) is checked when it runs.
 */
export class DisconnectDrain {
  private readonly waiting: Array<() => void> = [];
  private head = 0;
  private running = 0;
  private scheduled = false;

  constructor(private readonly limits: { concurrency: number; slice: number } = DISCONNECT_DRAIN) {}

  /** Clean-ups not yet started. */
  get queued(): number {
    return this.waiting.length - this.head;
  }

  /** Clean-ups started and not yet settled. */
  get inFlight(): number {
    return this.running;
  }

  /** Runs `job` when its turn comes; settles as it does. */
  run<T>(job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        // The executor runs the job now; one that throws before returning a promise rejects it.
        const done = new Promise<T>((settle) => settle(job()));
        void done.then(resolve, reject).finally(() => {
          this.running -= 1;
          this.schedule();
        });
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queued === 0 || this.running >= this.limits.concurrency) {
      return;
    }
    this.scheduled = true;
    setImmediate(() => this.startSome());
  }

  private startSome(): void {
    this.scheduled = false;
    let started = 0;
    while (this.queued > 0 && this.running < this.limits.concurrency && started < this.limits.slice) {
      const start = this.waiting[this.head];
      this.head += 1;
      this.running += 1;
      started += 1;
      start();
    }
    // Started entries are dropped in one splice now and then, not one shift() per start.
    if (this.head === this.waiting.length || this.head >= 1024) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    this.schedule();
  }
}
