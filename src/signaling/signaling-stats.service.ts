import { Injectable } from '@nestjs/common';
import { MembershipStore } from '../state/membership.store';
import { NodeRegistryStore } from '../state/node-registry.store';
import { ClusterRouter } from './cluster-router';
import { ConnectionRegistry } from './connection-registry';
import { SignalingStatsDto } from './dto/signaling-stats.dto';
import { SessionView } from './session-view';

@Injectable()
export class SignalingStatsService {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly view: SessionView,
    private readonly router: ClusterRouter,
    private readonly nodes: NodeRegistryStore,
    private readonly membership: MembershipStore,
  ) {}

  async collect(): Promise<SignalingStatsDto> {
    const local = {
      active_connections: this.registry.connectionCount,
      active_sessions: this.view.sessionCount,
      identified_peers: this.registry.peerCount,
      node_id: this.router.nodeId,
    };
    try {
      const [nodes, sessions] = await Promise.all([this.nodes.list(), this.membership.countSessions()]);
      // Other nodes as of their last beat; this node live.
      const others = nodes.filter((node) => node.nodeId !== local.node_id);
      const connections = others.reduce((sum, node) => sum + node.connections, 0) + local.active_connections;
      return { ...local, cluster: { nodes: nodes.length, connections, sessions } };
    } catch {
      return { ...local, cluster: null };
    }
  }
}
