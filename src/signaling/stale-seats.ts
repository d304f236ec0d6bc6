import { Injectable } from '@nestjs/common';
import { MembershipStore } from '../state/membership.store';
import { PresenceStore } from '../state/presence.store';
import { ClusterRouter } from './cluster-router';
import { LeaveRecorder } from './leave-recorder';
import { SessionView } from './session-view';

/**
 * Frees the seat of a peer whose connection is gone from any node (its node died, or its
 * reconnection grace ran out), once, however many nodes try.
 *
 * Idempotence comes from the membership store: `leave(peer, session)` is an atomic
 * compare-and-delete, so only the node whose call actually removed the membership records the
 * leave in PostgreSQL and announces `peer_left`; the others just forget the peer locally.
 */
@Injectable()
export class StaleSeats {
  constructor(
    private readonly router: ClusterRouter,
    private readonly view: SessionView,
    private readonly presence: PresenceStore,
    private readonly membership: MembershipStore,
    private readonly leaves: LeaveRecorder,
  ) {}

  /** True when this call removed the membership (and so recorded and announced the leave). */
  async leaveOnce(peerId: string, sessionId: string): Promise<boolean> {
    if ((await this.membership.leave(peerId, sessionId)) !== sessionId) {
      return false;
    }
    await this.leaves.record(sessionId, peerId, async () => (await this.membership.sessionOf(peerId)) !== sessionId);
    await this.router.announce('left', sessionId, peerId);
    this.view.remove(sessionId, peerId);
    return true;
  }

  /**
   * `leaveOnce` from a node that may share nothing with the session: its members are loaded for the
   * time of the leave, so the announcement reaches every node that holds one.
   */
  async leaveFromAnywhere(peerId: string, sessionId: string): Promise<boolean> {
    const borrowed = !this.view.has(sessionId);
    if (borrowed) {
      const members = await this.membership.members(sessionId);
      const routes = await this.presence.getMany(members);
      this.view.load(sessionId, new Map([...routes].map(([peer, route]) => [peer, route.nodeId])));
    }
    try {
      return await this.leaveOnce(peerId, sessionId);
    } finally {
      if (borrowed) {
        this.view.drop(sessionId);
      }
    }
  }
}
