import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MembershipStore } from '../state/membership.store';
import { NodeInbox } from '../state/node-inbox.store';
import { NodeRegistryStore } from '../state/node-registry.store';
import { PresenceStore } from '../state/presence.store';
import { ClusterRouter } from './cluster-router';
import { CLOSE, Connection } from './connection';
import { ConnectionRegistry } from './connection-registry';
import { NodeFailover } from './node-failover';
import { NoticeBatch } from './notice-batch';
import { PingWheel } from './ping-wheel';
import { SessionView } from './session-view';
import { SignalingService } from './signaling.service';
import { withTimeout } from '../common/with-timeout';
import { LIVE_REFRESH_MS, LIVE_TTL_MS, NODE_BEAT_MS, NODE_TTL_MS } from './signaling.timing';

const BOOT_WAIT_MS = 3000;

/** How often to look for nodes that died without draining (see NodeFailover for the grace). */
const FAILOVER_CHECK_MS = 2_000;

/**
 * The node's background duties: protocol pings, the node-registry beat, refreshing the TTLs of
 * this node's routes and memberships, and a clean drain on shutdown (1001, leaves, deregistration).
 */
@Injectable()
export class SignalingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger(SignalingLifecycle.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly pings: PingWheel<Connection>;
  private readonly startedAt = Date.now();
  draining = false;
  private beatFailing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry,
    private readonly view: SessionView,
    private readonly router: ClusterRouter,
    private readonly service: SignalingService,
    private readonly presence: PresenceStore,
    private readonly membership: MembershipStore,
    private readonly nodes: NodeRegistryStore,
    private readonly inbox: NodeInbox,
    private readonly failover: NodeFailover,
    private readonly notices: NoticeBatch,
  ) {
    this.pings = new PingWheel(config.ws.pingIntervalMs);
  }

  /** Redis being down must not stop a node from starting: it serves its own peers meanwhile. */
  async onApplicationBootstrap(): Promise<void> {
    const subscribed = this.inbox.subscribe(this.router.nodeId, (message) => this.router.handleInbox(message));
    try {
      await withTimeout(subscribed, BOOT_WAIT_MS);
      await withTimeout(this.beat(), BOOT_WAIT_MS);
    } catch (error) {
      subscribed.catch((late: Error) => this.logger.warn(`Inbox subscription failed: ${late.message}`));
      this.logger.warn(`Live state unavailable at start-up (${(error as Error).message}); retrying in the background`);
    }
    this.every(this.pings.sliceMs, () => this.pingSlice());
    this.every(NODE_BEAT_MS, () => this.beatAndRecover());
    this.every(FAILOVER_CHECK_MS, () => this.failover.check());
    this.every(LIVE_REFRESH_MS, () => this.refreshLiveState());
  }

  private every(ms: number, job: () => unknown): void {
    const timer = setInterval(() => {
      Promise.resolve(job()).catch((error: Error) => this.logger.warn(`Background job failed: ${error.message}`));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** A socket that has not answered two pings in a row is dropped. */
  private pingSlice(): void {
    for (const connection of this.pings.turn(() => this.registry.all())) {
      if (connection.closing) {
        continue;
      }
      if (connection.missedPings >= 2) {
        connection.socket.terminate();
        continue;
      }
      connection.missedPings += 1;
      try {
        connection.socket.ping();
      } catch {
        connection.socket.terminate();
      }
    }
  }

  async beat(): Promise<void> {
    await this.nodes.beat(
      {
        nodeId: this.router.nodeId,
        address: `${this.config.service.host}:${this.config.service.port}`,
        startedAt: this.startedAt,
        connections: this.registry.connectionCount,
        sessions: this.view.sessionCount,
      },
      NODE_TTL_MS,
    );
  }

  /**
   * A beat that succeeds after failed ones, or that finds this node's own registry entry gone,
   * means Redis was away or lost its data: refresh the live state at once rather than at the next
   * 20 s refresh, so other nodes can reach this node's peers again within a beat.
   */
  private async beatAndRecover(): Promise<void> {
    let stateLost: boolean;
    try {
      stateLost = this.beatFailing || (await this.nodes.get(this.router.nodeId)) === null;
      await this.beat();
    } catch (error) {
      this.beatFailing = true;
      throw error;
    }
    this.beatFailing = false;
    if (stateLost) {
      await this.refreshLiveState();
    }
  }

  /**
   * Extends this node's routes and memberships. Any that are gone (Redis lost them in an outage
   * or restart) are claimed and joined again for the sockets still open here, so other nodes can
   * reach these peers again; a route that now belongs to another connection is left alone.
   */
  async refreshLiveState(): Promise<void> {
    const owned = this.registry.ownedRoutes();
    if (owned.size === 0) {
      return;
    }
    const lost = await this.presence.refresh(owned, LIVE_TTL_MS);
    const stillMembers = await this.membership.refresh([...owned.keys()], LIVE_TTL_MS);
    const members = [...this.registry.all()].filter((c) => c.peerId && c.sessionId && !c.closing && this.registry.byPeerId(c.peerId) === c);
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
    this.logger.warn(`Live state was missing: re-claimed ${reclaimed} route(s), re-joined memberships of ${members.length} peer(s)`);
  }

  private async reclaim(lost: string[], owned: ReadonlyMap<string, string>): Promise<number> {
    let reclaimed = 0;
    for (const peerId of lost) {
      if (await this.presence.get(peerId)) {
        continue;
      }
      const address = this.registry.byPeerId(peerId)?.ip;
      await this.presence.claim(peerId, { nodeId: this.router.nodeId, connId: owned.get(peerId)!, since: Date.now(), address }, LIVE_TTL_MS);
      reclaimed += 1;
    }
    return reclaimed;
  }

  /** SIGTERM: stop, tell peers to reconnect elsewhere (1001), record their leaves, deregister. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    this.clearTimers();
    const connections = [...this.registry.all()];
    this.notices.flush(); // what the peers were told before the drain still reaches them
    for (const connection of connections) {
      connection.close(CLOSE.GOING_AWAY, 'server shutting down');
    }
    await Promise.allSettled(connections.map((connection) => this.service.disconnect(connection)));
    await this.nodes.remove(this.router.nodeId).catch(() => undefined);
    if (connections.length > 0) {
      this.logger.log(`Drained ${connections.length} connection(s)`);
    }
  }

  onModuleDestroy(): void {
    this.clearTimers();
  }

  private clearTimers(): void {
    for (const timer of this.timers.splice(0)) {
      clearInterval(timer);
    }
  }
}
