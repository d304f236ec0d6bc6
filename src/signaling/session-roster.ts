import { Injectable, Logger } from '@nestjs/common';
import { MembershipStore, SessionLeave } from '../state/membership.store';
import { PresenceStore, RouteOwner } from '../state/presence.store';
import { ClusterRouter } from './cluster-router';
import { ConnectionRegistry } from './connection-registry';
import { LeaveRecorder } from './leave-recorder';
import { SessionView } from './session-view';
import { LIVE_TTL_MS } from './signaling.timing';
import { TurnBatch } from './turn-batch';

export interface Seat {
  /** The peer was a member already (a reconnect): the others are not told again. */
  alreadyMember: boolean;
  /** The session the live state had the peer in before, when another. */
  previousSessionId?: string;
}

/**
 * Who sits in which session, on every node: the live membership in Redis, this node's view of it
 * (member → node) and the announcements that keep the other nodes' views current. The durable
 * record (PostgreSQL) of a leave goes through LeaveRecorder.
 */
@Injectable()
export class SessionRoster {
  private readonly logger = new Logger(SessionRoster.name);
  /** Route releases and live leaves of one turn share one script (a burst of disconnects: see TurnBatch). */
  private readonly releases: TurnBatch<RouteOwner, boolean>;
  private readonly liveLeaves: TurnBatch<SessionLeave, string | null>;

  constructor(
    private readonly membership: MembershipStore,
    private readonly presence: PresenceStore,
    private readonly view: SessionView,
    private readonly registry: ConnectionRegistry,
    private readonly router: ClusterRouter,
    private readonly leaves: LeaveRecorder,
  ) {
    this.releases = new TurnBatch((routes) => this.presence.releaseMany(routes));
    this.liveLeaves = new TurnBatch((leaving) => this.membership.leaveMany(leaving));
  }

  /**
   * Joins the live membership and loads the members (listed after the join, so concurrent joiners
   * see each other) into the view. The announcement follows (`announceSeat`), once the connection
   * holds its seat.
   */
  async seat(sessionId: string, peer: string): Promise<Seat> {
    const { alreadyMember, previousSessionId, members } = await this.membership.joinAndList(
      sessionId,
      peer,
      LIVE_TTL_MS,
    );
    await this.refreshView(sessionId, members);
    return { alreadyMember, previousSessionId };
  }

  /**
   * Tells every member that the peer joined (or, when it already was one, only where it is now);
   * `reply` (the joiner's answer) is sent once the other nodes have the news and before this node's
   * members get theirs (see ClusterRouter.announce).
   */
  announceSeat(sessionId: string, peer: string, seat: Seat, reply: () => void): Promise<void> {
    return this.router.announce(seat.alreadyMember ? 'route' : 'joined', sessionId, peer, reply);
  }

  /** The session's members as this node's view has them. */
  memberIds(sessionId: string): string[] {
    return [...this.view.members(sessionId).keys()];
  }

  /** Records the leave, leaves the live membership (unless `live` is false) and tells the members. */
  async unseat(peer: string, sessionId: string, live = true): Promise<void> {
    await this.leaves.record(sessionId, peer, async () => (await this.membership.sessionOf(peer)) !== sessionId);
    if (live) {
      await this.liveLeaves
        .add({ peerId: peer, sessionId })
        .catch((error: Error) => this.logger.warn(`Live leave failed: ${error.message}`));
    }
    await this.router.announce('left', sessionId, peer);
    this.view.remove(sessionId, peer);
    if (![...this.view.members(sessionId).values()].includes(this.router.nodeId)) {
      this.view.drop(sessionId);
    }
  }

  /**
   * The peer's connection dropped but its seat is held (reconnection grace): this node stops
   * routing to it and forgets the session when none of its members are here any more. Nothing is
   * announced and the live membership stays.
   */
  stepAway(peer: string, sessionId: string): void {
    this.view.remove(sessionId, peer);
    if (![...this.view.members(sessionId).values()].includes(this.router.nodeId)) {
      this.view.drop(sessionId);
    }
  }

  /**
   * A closed connection gives up its route; the session it sat in, when this was still its route
   * (a peer that reconnected elsewhere keeps both), else undefined.
   */
  async release(peer: string, connId: string, sessionId: string | undefined): Promise<string | undefined> {
    const released = await this.releases.add({ peerId: peer, connId }).catch(() => true);
    if (!released) {
      return undefined;
    }
    if (sessionId !== undefined) {
      return sessionId;
    }
    return (await this.membership.sessionOf(peer).catch(() => null)) ?? undefined;
  }

  /** Loads the nodes of the session's members (listed after our own join) into the view. */
  private async refreshView(sessionId: string, members: string[]): Promise<void> {
    const routes = await this.presence.getMany(members);
    // Peers held here stay in the view even if Redis lost their membership (an outage or restart
    // before the lifecycle re-joins them); otherwise one join would cut them off from each other.
    const view = new Map<string, string>();
    for (const [member, node] of this.view.members(sessionId)) {
      if (node === this.router.nodeId && this.registry.byPeerId(member)?.sessionId === sessionId) {
        view.set(member, node);
      }
    }
    for (const member of members) {
      const route = routes.get(member);
      if (route) {
        view.set(member, route.nodeId);
      }
    }
    this.view.load(sessionId, view);
  }
}
