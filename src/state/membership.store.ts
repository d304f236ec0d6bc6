export interface JoinResult {
  /** The session the peer was moved out of, when it differs from the one joined. */
  previousSessionId?: string;
  /** True when the peer was already a member of this session (an idempotent re-join). */
  alreadyMember: boolean;
}

/** A peer leaving exactly this session (see `leave` with a session id). */
export interface SessionLeave {
  peerId: string;
  sessionId: string;
}

/**
 * Live session membership: which peers are in a session, and which session each peer is in.
 *
 * A peer is in at most one session; joining another one moves it atomically. Membership
 * lives only as long as its owner refreshes it, so a crashed node's peers fall out on
 * their own. A session exists while it has at least one member.
 */
export abstract class MembershipStore {
  abstract join(sessionId: string, peerId: string, ttlMs: number): Promise<JoinResult>;

  /**
   * `join`, then the session's live members (the peer among them), read after the join so that
   * concurrent joiners see each other. Stores answer both in one round trip where they can.
   */
  async joinAndList(sessionId: string, peerId: string, ttlMs: number): Promise<JoinResult & { members: string[] }> {
    const joined = await this.join(sessionId, peerId, ttlMs);
    return { ...joined, members: await this.members(sessionId) };
  }

  /**
   * Removes the peer from its session and returns the session left, or null.
   * With `sessionId`, nothing happens unless the peer is in exactly that session, so a
   * late leave cannot undo a move to another session.
   */
  abstract leave(peerId: string, sessionId?: string): Promise<string | null>;

  /**
   * `leave(peerId, sessionId)` for many peers (a burst of disconnects), answered in the given
   * order; stores do it in one round trip where they can. Each peer leaves only the session named.
   */
  leaveMany(leaves: readonly SessionLeave[]): Promise<(string | null)[]> {
    return Promise.all(leaves.map(({ peerId, sessionId }) => this.leave(peerId, sessionId)));
  }

  /** Live members, sorted; peers whose membership expired are not listed. */
  abstract members(sessionId: string): Promise<string[]>;

  abstract sessionOf(peerId: string): Promise<string | null>;

  /** Extends the given peers' memberships and their sessions; returns how many were still members. */
  abstract refresh(peerIds: readonly string[], ttlMs: number): Promise<number>;

  /** Number of live sessions across the whole cluster. */
  abstract countSessions(): Promise<number>;
}
