/** What NoticeBatch needs of a connection: to write out the notices it holds. */
export interface HoldsNotices {
  flushNotices(): void;
}

/**
 * Gathers the session notices (peer_joined, peer_left) a node sends during a short window and writes
 * each connection's share in one go. A join costs the node one socket write per member of the
 * session, and in a join storm (a map filling after a restart, a mass teleport) those writes were
 * most of the node's CPU; with the window, the notices of every join in it reach a member in one
 * write. The DLL only logs these notices, and a few milliseconds of delay is nothing beside the
 * WebRTC set-up a reference client starts on them. Order per connection is kept: a connection
 * writes its held notices before anything else it sends (Connection.sendRaw).
 */
export class NoticeBatch {
  private readonly waiting = new Set<HoldsNotices>();
  private timer?: NodeJS.Timeout;

  /** With `windowMs` 0, every notice is written at once. */
  constructor(private readonly windowMs: number) {}

  /** Called by a connection that just started holding notices. */
  add(connection: HoldsNotices): void {
    if (this.windowMs === 0) {
      connection.flushNotices();
      return;
    }
    this.waiting.add(connection);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      // Pending notices never keep a stopping node alive: its sockets are closing anyway.
      this.timer.unref();
    }
  }

  /** Writes out everything held (the window's end, and shutdown). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const connection of waiting) {
      connection.flushNotices();
    }
  }
}
