import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { NodeRegistryStore } from '../state/node-registry.store';
import { ConnectionRegistry } from './connection-registry';
import { LiveState } from './live-state.service';
import { SessionView } from './session-view';
import { NODE_TTL_MS } from './signaling.timing';

/** The node-registry beat that tells other nodes this one is alive, and what it holds. */
@Injectable()
export class NodeBeat {
  private readonly startedAt = Date.now();
  private failing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry,
    private readonly view: SessionView,
    private readonly nodes: NodeRegistryStore,
    private readonly liveState: LiveState,
  ) {}

  async beat(): Promise<void> {
    await this.nodes.beat(
      {
        nodeId: this.config.service.nodeId,
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
  async beatAndRecover(): Promise<void> {
    let stateLost: boolean;
    try {
      stateLost = this.failing || (await this.nodes.get(this.config.service.nodeId)) === null;
      await this.beat();
    } catch (error) {
      this.failing = true;
      throw error;
    }
    this.failing = false;
    if (stateLost) {
      await this.liveState.refresh();
    }
  }

  /** Deregisters the node (a clean shutdown). */
  async remove(): Promise<void> {
    await this.nodes.remove(this.config.service.nodeId);
  }
}
