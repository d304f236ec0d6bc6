import { Injectable } from '@nestjs/common';
import { PacketTypeName, RejectReason } from '../protocol/frame';
import { ClusterRouter } from './cluster-router';
import { Connection } from './connection';
import { ConnectionRegistry } from './connection-registry';
import { RelayMessage } from './inbox-messages';
import { SignalingMetrics } from './signaling.metrics';
import { ZoneTraffic } from './zone-traffic';

/** Where frames go once judged: relayed to proximity peers (here or on their nodes), and counted. */
@Injectable()
export class FrameRelay {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly router: ClusterRouter,
    private readonly metrics: SignalingMetrics,
    private readonly traffic: ZoneTraffic,
  ) {}

  received(zone: string, bytes: number): void {
    this.traffic.received(zone, bytes);
  }

  accepted(type: PacketTypeName): void {
    this.metrics.framesAccepted.inc({ type });
  }

  refused(reason: RejectReason, zone?: string): void {
    this.metrics.framesRejected.inc({ reason });
    this.traffic.rejected(zone, reason);
  }

  /** `relayed` (the frame as receivers get it) to the sender's proximity peers. */
  relay(connection: Connection, zone: string, relayed: Buffer): void {
    this.traffic.relayed(zone, connection.nearby.size, relayed.length);
    const remote = new Map<string, string[]>();
    for (const [peer, node] of connection.nearby) {
      if (node === this.router.nodeId) {
        if (this.registry.byPeerId(peer)?.sendRaw(relayed)) {
          this.metrics.framesRelayed.inc();
        }
      } else {
        const targets = remote.get(node) ?? [];
        targets.push(peer);
        remote.set(node, targets);
      }
    }
    if (remote.size > 0) {
      const encoded = relayed.toString('base64');
      for (const [node, targets] of remote) {
        void this.router.publish(node, { kind: 'relay', frame: encoded, targets });
      }
    }
  }

  /** A frame relayed by another node for peers held here. */
  deliverRelay(message: RelayMessage): void {
    const relayed = Buffer.from(message.frame, 'base64');
    for (const peer of message.targets) {
      if (this.registry.byPeerId(peer)?.sendRaw(relayed)) {
        this.metrics.framesRelayed.inc();
      }
    }
  }
}
