import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MembershipStore } from '../state/membership.store';
import { NodeInbox } from '../state/node-inbox.store';
import { NodeRegistryStore } from '../state/node-registry.store';
import { PresenceStore } from '../state/presence.store';
import { ClusterRouter } from './cluster-router';
import { CLOSE } from './connection';
import { ConnectionRegistry } from './connection-registry';
import { SessionView } from './session-view';
import { SignalingService } from './signaling.service';
import { LIVE_REFRESH_MS, LIVE_TTL_MS, NODE_BEAT_MS, NODE_TTL_MS } from './signaling.timing';

/**
 * The node's background duties: protocol pings, the node-registry beat, refreshing the TTLs of
 * this node's routes and memberships, and a clean drain on shutdown (1001, leaves, deregistration).
 */
@Injectable()
export class SignalingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger(SignalingLifecycle.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly startedAt = Date.now();
  draining = false;

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
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.inbox.subscribe(this.router.nodeId, (message) => this.router.handleInbox(message));
    await this.beat();
    this.every(this.config.ws.pingIntervalMs, () => this.pingAll());
    this.every(NODE_BEAT_MS, () => this.beat());
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
  private pingAll(): void {
    for (const connection of this.registry.all()) {
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

  private async refreshLiveState(): Promise<void> {
    const owned = this.registry.ownedRoutes();
    if (owned.size === 0) {
      return;
    }
    await this.presence.refresh(owned, LIVE_TTL_MS);
    await this.membership.refresh([...owned.keys()], LIVE_TTL_MS);
  }

  /** SIGTERM: stop, tell peers to reconnect elsewhere (1001), record their leaves, deregister. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    this.clearTimers();
    const connections = [...this.registry.all()];
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
