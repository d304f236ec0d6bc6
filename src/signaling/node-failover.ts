import { Injectable, Logger } from '@nestjs/common';
import { MembershipStore } from '../state/membership.store';
import { NodeRegistryStore } from '../state/node-registry.store';
import { PresenceStore } from '../state/presence.store';
import { ClusterRouter } from './cluster-router';
import { ReconnectGrace } from './reconnect-grace';
import { SessionView } from './session-view';
import { StaleSeats } from './stale-seats';
import { NODE_BEAT_MS } from './signaling.timing';

/**
 * A registry entry can be missing for a while after a Redis outage or restart (every node's entry
 * may be gone, and each re-beats within NODE_BEAT_MS once its connection is back). A node only
 * counts as dead once it has been missing from consecutive successful listings for two beats.
 */
const DEAD_AFTER_MS = 2 * NODE_BEAT_MS + 1_000;

/**
 * Told of a dead node once this node has reaped it, with how many of its peers this node recorded
 * leaving and how many seats it holds for the reconnection grace.
 */
export type NodeDownListener = (deadNode: string, peersLeft: number, peersHeld: number) => void;

/**
 * Cleans up after a node that died without draining (SIGKILL, crash, lost host): its peers leave
 * their sessions once, and the leave is announced once, however many nodes notice (StaleSeats).
 * With a reconnection grace, its peers' seats are held instead, counted from when the node was
 * first missed, and freed only if they do not come back in time (ReconnectGrace).
 */
@Injectable()
export class NodeFailover {
  private readonly logger = new Logger(NodeFailover.name);
  /** Node id → when this node first saw it missing from the registry. */
  private readonly missingSince = new Map<string, number>();
  private readonly downListeners: NodeDownListener[] = [];

  constructor(
    private readonly router: ClusterRouter,
    private readonly view: SessionView,
    private readonly nodes: NodeRegistryStore,
    private readonly presence: PresenceStore,
    private readonly membership: MembershipStore,
    private readonly seats: StaleSeats,
    private readonly grace: ReconnectGrace,
  ) {}

  /**
   * Called after this node has cleaned up after a dead node (every node that notices calls its own
   * listeners; the listener decides whether to tell anyone). A listener's failure is logged only.
   */
  onNodeDown(listener: NodeDownListener): void {
    this.downListeners.push(listener);
  }

  /** Looks for nodes this node's sessions still route to but which stopped beating. */
  async check(now = Date.now()): Promise<void> {
    const referenced = this.referencedNodes();
    if (referenced.size === 0) {
      this.missingSince.clear();
      return;
    }
    let alive: Set<string>;
    try {
      alive = new Set((await this.nodes.list()).map((node) => node.nodeId));
    } catch {
      // No verdict without the registry; start counting afresh once it answers again.
      this.missingSince.clear();
      return;
    }
    for (const node of [...this.missingSince.keys()]) {
      if (alive.has(node) || !referenced.has(node)) {
        this.missingSince.delete(node);
      }
    }
    for (const node of referenced) {
      if (alive.has(node)) {
        continue;
      }
      const since = this.missingSince.get(node) ?? now;
      this.missingSince.set(node, since);
      if (now - since >= DEAD_AFTER_MS) {
        this.missingSince.delete(node);
        await this.reap(node, since);
      }
    }
  }

  /**
   * A peer reconnected here while its old route points at a node nobody listens for. Without a
   * grace its old membership is stale: it leaves first, and its new join is announced as a join.
   * With one, the seat is still its own: the join that follows resumes it.
   */
  async orphaned(peerId: string): Promise<void> {
    if (this.grace.enabled) {
      return;
    }
    const sessionId = await this.membership.sessionOf(peerId);
    if (sessionId) {
      await this.seats.leaveFromAnywhere(peerId, sessionId);
    }
  }

  private referencedNodes(): Set<string> {
    const nodes = new Set<string>();
    for (const sessionId of this.view.sessionIds()) {
      for (const node of this.view.members(sessionId).values()) {
        if (node !== this.router.nodeId) {
          nodes.add(node);
        }
      }
    }
    return nodes;
  }

  private async reap(deadNode: string, missedSince: number): Promise<void> {
    if (await this.nodes.get(deadNode)) {
      return; // It beat again in the meantime.
    }
    let count = 0;
    let held = 0;
    for (const sessionId of [...this.view.sessionIds()]) {
      for (const [peer, node] of [...this.view.members(sessionId)]) {
        if (node !== deadNode) {
          continue;
        }
        const route = await this.presence.get(peer);
        if (route && route.nodeId !== deadNode) {
          continue; // Already reconnected elsewhere; that node keeps the view current.
        }
        if (route) {
          await this.presence.release(peer, route.connId);
        }
        if (this.grace.enabled) {
          // Still a member (not moved on or freed meanwhile): its seat waits for it.
          if ((await this.membership.sessionOf(peer)) === sessionId) {
            await this.grace.hold(peer, sessionId, missedSince);
            held += 1;
          }
          this.view.remove(sessionId, peer);
        } else if (await this.seats.leaveOnce(peer, sessionId)) {
          count += 1;
        } else {
          this.view.remove(sessionId, peer);
        }
      }
    }
    this.logger.warn(
      held > 0
        ? `Node ${deadNode} stopped beating; holding the seats of ${held} of its peers for the reconnection grace`
        : `Node ${deadNode} stopped beating; recorded ${count} of its peers leaving`,
    );
    for (const listener of this.downListeners) {
      try {
        listener(deadNode, count, held);
      } catch (error) {
        this.logger.warn(`Node-down listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
