import { Injectable } from '@nestjs/common';
import { MembershipStore } from '../state/membership.store';
import { PresenceStore } from '../state/presence.store';
import { ConnectionRegistry } from './connection-registry';
import { MovementGuard, MovementView } from './movement-guard';

/** A peer as the live state of the whole cluster knows it (any node's peer). */
export interface PeerLiveState {
  peer_id: string;
  online: boolean;
  node_id: string | null;
  zone: string | null;
  session_id: string | null;
  address: string | null;
  connected_at: string | null;
  movement: MovementView | undefined;
}

/**
 * One peer's live state, read from the shared stores so it answers for a peer on any node: its route
 * (`PresenceStore`: node, address, since), its session (`MembershipStore`), its movement record
 * (`MovementGuard.view`: this node's connection, else the shared `MovementStore`).
 */
@Injectable()
export class PeerLookup {
  constructor(
    private readonly presence: PresenceStore,
    private readonly membership: MembershipStore,
    private readonly registry: ConnectionRegistry,
    private readonly movement: MovementGuard,
  ) {}

  async find(peerId: string): Promise<PeerLiveState> {
    const local = this.registry.byPeerId(peerId);
    const [route, sessionId, movement] = await Promise.all([
      this.presence.get(peerId),
      local?.sessionId !== undefined ? Promise.resolve(local.sessionId) : this.membership.sessionOf(peerId),
      this.movement.view(peerId, local),
    ]);
    return {
      peer_id: peerId,
      online: route !== null,
      node_id: route?.nodeId ?? null,
      zone: local?.zoneId ?? movement?.zone ?? null,
      session_id: route !== null ? sessionId : null,
      address: route?.address ?? local?.ip ?? null,
      connected_at: route ? new Date(route.since).toISOString() : null,
      movement,
    };
  }
}
