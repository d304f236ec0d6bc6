/** A seat kept for a peer whose connection dropped, until `deadline` (epoch ms). */
export interface SeatHold {
  peerId: string;
  sessionId: string;
  deadline: number;
}

/**
 * Seats held through the reconnection grace, shared by every node: the node that saw a peer drop
 * (or that reaped a dead node) holds the seat, any node frees it once the deadline passes, and the
 * node the peer comes back to releases the hold. One hold per peer.
 */
export abstract class SeatHoldStore {
  /**
   * Holds the peer's seat in `sessionId` until `deadline`. A hold of the same seat already there
   * keeps its own (earlier) deadline, so noticing the same drop twice never extends the grace; a
   * hold of another session is replaced.
   */
  abstract hold(peerId: string, sessionId: string, deadline: number): Promise<void>;

  /** The peer is back: drops its hold. True when there was one. */
  abstract release(peerId: string): Promise<boolean>;

  /**
   * Removes and returns up to `limit` holds whose deadline is at or before `now`, oldest first.
   * Each hold is handed to exactly one caller, however many nodes ask at once.
   */
  abstract takeExpired(now: number, limit: number): Promise<SeatHold[]>;

  /** Holds not yet expired or taken (for metrics and tests). */
  abstract count(): Promise<number>;
}
