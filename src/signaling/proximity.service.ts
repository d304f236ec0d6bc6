import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ProximityGrid } from '../protocol/proximity-grid';
import { ProximityGrids } from '../protocol/protocol.services';
import { PeerListChanges } from '../protocol/proximity-changes';
import { LeaseStore } from '../state/lease.store';
import { ClusterRouter } from './cluster-router';
import { ConnectionRegistry } from './connection-registry';
import { PeerListsMessage, PositionBatchMessage, ProximityResyncMessage } from './inbox-messages';
import { SignalingMetrics } from './signaling.metrics';
import { logFailure } from '../common/outage';

interface OwnedZone {
  grid: ProximityGrid;
  /** Which node holds each peer of the zone, for routing its diffs. */
  nodes: Map<string, string>;
}

interface PendingBatch {
  moves: Map<string, [number, number]>;
  gone: Set<string>;
}

/**
 * Proximity peer lists. One node per zone (the holder of the zone's lease) keeps the zone's grid;
 * every node batches its own peers' positions per tick and hands them to that owner (itself when
 * single-node), and the owner pushes peer-list diffs back. Work per tick follows what moved.
 */
@Injectable()
export class ProximityService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProximityService.name);
  private readonly owned = new Map<string, OwnedZone>();
  private readonly owners = new Map<string, string>();
  private readonly pending = new Map<string, PendingBatch>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private readonly leaseTtlMs: number;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry,
    private readonly router: ClusterRouter,
    private readonly leases: LeaseStore,
    private readonly metrics: SignalingMetrics,
    private readonly grids: ProximityGrids,
  ) {
    this.leaseTtlMs = Math.max(2000, config.protocol.proximityTickMs * 10);
  }

  /** Another node's positions for a zone this node owns. */
  applyBatch(batch: PositionBatchMessage): void {
    this.apply(batch.zone, batch.node, batch.moves, batch.gone);
  }

  /** The zone owner's peer-list diffs for peers held here. */
  applyPeerLists({ zone, lists }: PeerListsMessage): void {
    for (const list of lists) {
      this.pushLocal(zone, list.peer, list.added, list.removed);
    }
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.protocol.proximityTickMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    for (const zone of this.owned.keys()) {
      void this.leases.release(leaseName(zone), this.router.nodeId).catch(() => undefined);
    }
    this.owned.clear();
  }

  /** A local peer's accepted position; applied at the next tick. */
  update(zone: string, peerId: string, x: number, y: number): void {
    const batch = this.batch(zone);
    batch.gone.delete(peerId);
    batch.moves.set(peerId, [x, y]);
  }

  /** A local peer left the zone (leave, zone change, disconnect). */
  remove(zone: string, peerId: string): void {
    const batch = this.batch(zone);
    batch.moves.delete(peerId);
    batch.gone.add(peerId);
  }

  private batch(zone: string): PendingBatch {
    let batch = this.pending.get(zone);
    if (!batch) {
      batch = { moves: new Map(), gone: new Set() };
      this.pending.set(zone, batch);
    }
    return batch;
  }

  /** One tick: hand pending positions to their owners, then compute and push the owned zones' diffs. */
  async tick(): Promise<void> {
    if (this.ticking) {
      return;
    }
    this.ticking = true;
    try {
      await this.flushPending();
      await this.computeOwned();
    } catch (error) {
      logFailure(this.logger, 'Proximity tick', error);
    } finally {
      this.ticking = false;
    }
  }

  private async flushPending(): Promise<void> {
    const batches = [...this.pending];
    this.pending.clear();
    for (const [zone, batch] of batches) {
      const owner = await this.ownerOf(zone);
      if (owner === this.router.nodeId) {
        this.apply(
          zone,
          this.router.nodeId,
          [...batch.moves].map(([peer, [x, y]]) => [peer, x, y]),
          [...batch.gone],
        );
        continue;
      }
      const message: PositionBatchMessage = {
        kind: 'position_batch',
        zone,
        node: this.router.nodeId,
        moves: [...batch.moves].map(([peer, [x, y]]) => [peer, x, y]),
        gone: [...batch.gone],
      };
      if (owner === undefined || (await this.router.publish(owner, message)) === 0) {
        // The owner is gone: forget it and retry next tick (its lease lapses, then someone takes over).
        this.owners.delete(zone);
        const retry = this.batch(zone);
        batch.moves.forEach(
          (value, peer) => retry.moves.has(peer) || retry.gone.has(peer) || retry.moves.set(peer, value),
        );
        batch.gone.forEach((peer) => retry.moves.has(peer) || retry.gone.add(peer));
      }
    }
  }

  /** The node computing this zone: cached, else the lease holder, else this node if it can take the lease. */
  private async ownerOf(zone: string): Promise<string | undefined> {
    if (this.owned.has(zone)) {
      return this.router.nodeId;
    }
    const cached = this.owners.get(zone);
    if (cached) {
      return cached;
    }
    if (await this.leases.acquire(leaseName(zone), this.router.nodeId, this.leaseTtlMs)) {
      this.takeOwnership(zone);
      return this.router.nodeId;
    }
    const holder = (await this.leases.holder(leaseName(zone))) ?? undefined;
    if (holder) {
      this.owners.set(zone, holder);
    }
    return holder;
  }

  private takeOwnership(zone: string): void {
    this.owned.set(zone, { grid: this.grids.create(), nodes: new Map() });
    this.owners.delete(zone);
    const resync: ProximityResyncMessage = { kind: 'proximity_resync', zone, owner: this.router.nodeId };
    void this.router.broadcast(resync);
  }

  /** Positions for an owned zone, from this node or from another node's batch. */
  apply(zone: string, node: string, moves: [string, number, number][], gone: string[]): void {
    const state = this.owned.get(zone);
    if (!state) {
      return;
    }
    for (const peer of gone) {
      state.grid.remove(peer);
      state.nodes.delete(peer);
    }
    for (const [peer, x, y] of moves) {
      state.grid.upsert(peer, x, y);
      state.nodes.set(peer, node);
    }
  }

  private async computeOwned(): Promise<void> {
    for (const [zone, state] of this.owned) {
      if (!(await this.leases.renew(leaseName(zone), this.router.nodeId, this.leaseTtlMs))) {
        this.logger.warn(`Lost the proximity lease of zone ${zone}`);
        this.owned.delete(zone);
        continue;
      }
      const started = performance.now();
      const changes = state.grid.step();
      this.metrics.proximityTick.observe((performance.now() - started) / 1000);
      this.deliver(zone, state, changes);
    }
  }

  /** Sends every changed list at once: `changes` is the grid's, valid only until its next step. */
  private deliver(zone: string, state: OwnedZone, changes: PeerListChanges): void {
    const remote = new Map<string, PeerListsMessage['lists']>();
    const self = this.router.nodeId;
    for (let i = 0; i < changes.size; i++) {
      const peer = changes.peers[i];
      const node = state.nodes.get(peer);
      if (node === undefined) {
        continue;
      }
      const added: PeerListsMessage['lists'][number]['added'] = [];
      for (let j = changes.addedStart(i); j < changes.addedEnd[i]; j++) {
        const id = changes.addedIds[j];
        added.push({ peer_id: id, x: changes.addedX[j], y: changes.addedY[j], node: state.nodes.get(id) ?? self });
      }
      const removed = changes.removedIds.slice(changes.removedStart(i), changes.removedEnd[i]);
      if (node === self) {
        this.pushLocal(zone, peer, added, removed);
      } else {
        const lists = remote.get(node) ?? [];
        lists.push({ peer, added, removed });
        remote.set(node, lists);
      }
    }
    for (const [node, lists] of remote) {
      void this.router.publish(node, { kind: 'peer_lists', zone, lists });
    }
  }

  /** Applies a diff to a local peer's list and sends it the `peer_list` message. */
  pushLocal(zone: string, peer: string, added: PeerListsMessage['lists'][number]['added'], removed: string[]): void {
    const connection = this.registry.byPeerId(peer);
    if (!connection || connection.zoneId !== zone) {
      return;
    }
    for (const gone of removed) {
      connection.nearby.delete(gone);
    }
    for (const entry of added) {
      connection.nearby.set(entry.peer_id, entry.node);
    }
    this.metrics.peerListSize.observe(connection.nearby.size);
    connection.send('peer_list', { zone, added: added.map(({ peer_id, x, y }) => ({ peer_id, x, y })), removed });
  }

  /** Zones whose grid this node computes. */
  ownedZones(): string[] {
    return [...this.owned.keys()];
  }

  /** Positions and current proximity links of an owned zone (for the admin dashboard). */
  snapshot(
    zone: string,
  ): { peers: { peer_id: string; x: number; y: number }[]; links: [string, string][] } | undefined {
    const state = this.owned.get(zone);
    if (!state) {
      return undefined;
    }
    const peers: { peer_id: string; x: number; y: number }[] = [];
    const links: [string, string][] = [];
    for (const peer of state.nodes.keys()) {
      const at = state.grid.position(peer);
      if (at) {
        peers.push({ peer_id: peer, x: at.x, y: at.y });
        for (const other of state.grid.peersOf(peer)) {
          links.push([peer, other]);
        }
      }
    }
    return { peers, links };
  }

  /** Another node became a zone's owner: resend where this node's peers in the zone are. */
  resync(message: ProximityResyncMessage): void {
    if (message.owner !== this.router.nodeId) {
      this.owned.delete(message.zone);
      this.owners.set(message.zone, message.owner);
    }
    for (const connection of this.registry.all()) {
      if (connection.zoneId === message.zone && connection.peerId && connection.lastPosition) {
        this.update(message.zone, connection.peerId, connection.lastPosition.x, connection.lastPosition.y);
      }
    }
  }
}

const leaseName = (zone: string): string => `proximity:${zone}`;
