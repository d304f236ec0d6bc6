import { Injectable, Logger } from '@nestjs/common';
import { MembershipStore } from '../state/membership.store';
import { PresenceStore } from '../state/presence.store';
import { ClusterRouter } from './cluster-router';
import { ConnectionRegistry } from './connection-registry';
import { LIVE_TTL_MS } from './signaling.timing';

/** This node's share of the live state in Redis: the routes and memberships of the peers it holds. */
@Injectable()
export class LiveState {
  private readonly logger = new Logger(LiveState.name);

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly presence: PresenceStore,
    private readonly membership: MembershipStore,
    private readonly router: ClusterRouter,
  ) {}

  /**
   * Extends this node's routes and memberships. Any that are gone (Redis lost them in an outage
   * or restart) are claimed and joined again for the sockets still open here, so other nodes can
   * reach these peers again; a route that now belongs to another connection is left alone.
   */
  async refresh(): Promise<void> {
    const owned = this.registry.ownedRoutes();
    if (owned.size === 0) {
      return;
    }
    const lost = await this.presence.refresh(owned, LIVE_TTL_MS);
    const stillMembers = await this.membership.refresh([...owned.keys()], LIVE_TTL_MS);
    const members = [...this.registry.all()].filter(
      (c) => c.peerId && c.sessionId && !c.closing && this.registry.byPeerId(c.peerId) === c,
    );
    if (lost.length === 0 && stillMembers >= members.length) {
      return;
    }
    const reclaimed = await this.reclaim(lost, owned);
    for (const connection of members) {
      const { alreadyMember } = await this.membership.join(connection.sessionId!, connection.peerId!, LIVE_TTL_MS);
      if (!alreadyMember) {
        await this.router.announce('route', connection.sessionId!, connection.peerId!);
      }
    }
    this.logger.warn(
      `Live state was missing: re-claimed ${reclaimed} route(s), re-joined memberships of ${members.length} peer(s)`,
    );
  }

  private async reclaim(lost: string[], owned: ReadonlyMap<string, string>): Promise<number> {
    let reclaimed = 0;
    for (const peerId of lost) {
      if (await this.presence.get(peerId)) {
        continue;
      }
      const address = this.registry.byPeerId(peerId)?.ip;
      await this.presence.claim(
        peerId,
        { nodeId: this.router.nodeId, connId: owned.get(peerId)!, since: Date.now(), address },
        LIVE_TTL_MS,
      );
      reclaimed += 1;
    }
    return reclaimed;
  }
}
