import { Injectable, Logger } from '@nestjs/common';
import { NodeRegistryStore } from '../state/node-registry.store';
import { PeerRoute, PresenceStore } from '../state/presence.store';
import { ClusterRouter } from './cluster-router';
import { CLOSE, Connection } from './connection';
import { ConnectionAdmission, Proof } from './connection-admission';
import { ConnectionRegistry } from './connection-registry';
import { NodeFailover } from './node-failover';
import { LIVE_TTL_MS } from './signaling.timing';

/**
 * Binds a peer id to a connection on every node. A proven identity replaces the live connection
 * (the player reconnected); an unproven one gets the peer id only when it is free, held from the
 * same address (the DLL's own reconnect), or held by a node that is gone.
 */
@Injectable()
export class PeerClaims {
  private readonly logger = new Logger(PeerClaims.name);

  constructor(
    private readonly admission: ConnectionAdmission,
    private readonly registry: ConnectionRegistry,
    private readonly presence: PresenceStore,
    private readonly nodes: NodeRegistryStore,
    private readonly router: ClusterRouter,
    private readonly failover: NodeFailover,
  ) {}

  /**
   * Binds the connection to a peer id once it proves the id is its own; a connection keeps the
   * first peer id it was bound to. False when refused (the peer was told why).
   */
  async identify(connection: Connection, peerId: string): Promise<boolean> {
    if (connection.peerId !== undefined) {
      if (connection.peerId === peerId) {
        return true;
      }
      connection.sendError('PEER_ID_MISMATCH', `This connection is already identified as ${connection.peerId}`);
      return false;
    }
    if (connection.subject !== undefined && connection.subject !== peerId) {
      connection.sendError('PEER_ID_MISMATCH', `peer_id ${peerId} does not match the token subject`);
      return false;
    }
    const proof = await this.admission.prove(connection, peerId);
    if (proof === undefined || connection.closing) {
      return false;
    }
    if (!(await this.claim(connection, peerId, proof))) {
      if (!connection.closing) {
        connection.sendError(
          'PEER_ID_IN_USE',
          `${peerId} is connected from another address; only the same player can replace that connection`,
        );
        connection.close(CLOSE.POLICY, 'peer id in use');
      }
      return false;
    }
    return true;
  }

  /** True when the connection now holds the peer id; false when the live holder keeps it. */
  private async claim(connection: Connection, peerId: string, proof: Proof): Promise<boolean> {
    const local = this.registry.byPeerId(peerId);
    if (proof === 'address' && local && local !== connection && local.ip !== connection.ip) {
      return false;
    }
    const route = { nodeId: this.router.nodeId, connId: connection.connId, since: Date.now(), address: connection.ip };
    const previous =
      proof === 'address'
        ? await this.claimFromAddress(peerId, route)
        : await this.presence.claim(peerId, route, LIVE_TTL_MS);
    if (previous === false) {
      return false;
    }
    if (connection.closing) {
      // Closed while claiming: it will never be bound, so its disconnect would not release the route,
      // which would then hold the peer id from other nodes until its TTL.
      await this.presence.release(peerId, connection.connId);
      return false;
    }
    this.bindLocally(connection, peerId);
    if (previous && previous.nodeId !== this.router.nodeId) {
      await this.evictRemote(peerId, previous);
    }
    return true;
  }

  /** The replaced route (or null), or false when a live connection from another address keeps the peer. */
  private async claimFromAddress(
    peerId: string,
    route: PeerRoute & { address: string },
  ): Promise<PeerRoute | null | false> {
    const result = await this.presence.claimFrom(peerId, route, LIVE_TTL_MS);
    if (result.claimed) {
      return result.previous;
    }
    return (await this.isLive(peerId, result.holder)) ? false : this.presence.claim(peerId, route, LIVE_TTL_MS);
  }

  /** A route outlives its connection by up to its TTL: it is live only while its socket or its node is. */
  private async isLive(peerId: string, holder: PeerRoute): Promise<boolean> {
    if (holder.nodeId === this.router.nodeId) {
      return this.registry.byPeerId(peerId)?.connId === holder.connId;
    }
    return (await this.nodes.get(holder.nodeId)) !== null;
  }

  private bindLocally(connection: Connection, peerId: string): void {
    const replaced = this.registry.bind(connection, peerId);
    if (replaced) {
      if (replaced.sessionId !== undefined) {
        connection.inherit(replaced.sessionId);
      }
      replaced.close(CLOSE.REPLACED, 'replaced by a newer connection');
    }
  }

  private async evictRemote(peerId: string, previous: PeerRoute): Promise<void> {
    const receivers = await this.router.publish(previous.nodeId, { kind: 'kick', peerId, connId: previous.connId });
    if (receivers === 0) {
      // Nobody holds the old socket: its node died, so the old membership is stale.
      await this.failover
        .orphaned(peerId)
        .catch((error: Error) => this.logger.warn(`Could not clear ${peerId}'s stale membership: ${error.message}`));
    }
  }
}
