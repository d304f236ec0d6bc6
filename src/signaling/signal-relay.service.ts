import { Injectable, Logger } from '@nestjs/common';
import { SignalInbound } from '../protocol/signaling-messages';
import { ClusterRouter, DeliveryResult } from './cluster-router';
import { CLOSE, Connection } from './connection';
import { refusalFor } from './connection-phase';
import { ConnectionRegistry } from './connection-registry';
import { SessionView } from './session-view';
import { SignalingMetrics } from './signaling.metrics';

/** Offers, answers and ICE candidates between peers of one session or of each other's proximity list. */
@Injectable()
export class SignalRelay {
  private readonly logger = new Logger(SignalRelay.name);

  constructor(
    private readonly view: SessionView,
    private readonly router: ClusterRouter,
    private readonly registry: ConnectionRegistry,
    private readonly metrics: SignalingMetrics,
  ) {}

  /**
   * Relays a signal, synchronously: a target held here gets it at once, and a signal for another node
   * is handed to the inbox's batch for that node before this returns, so the sender's signals leave in
   * the order they came and nothing has to wait for Redis's answer (a refusal, when the target node
   * is gone, comes back to the sender later as DELIVERY_FAILED). The inbound pipeline relies on that
   * to relay without a promise or a queue hop.
   */
  signal(connection: Connection, msg: SignalInbound): void {
    const started = performance.now();
    const { kind, to } = msg;
    const refusal = refusalFor(connection, kind);
    const from = connection.peerId;
    const sessionId = connection.sessionId;
    if (refusal || !from || !sessionId) {
      this.metrics.deliveryFailures.inc({ reason: 'not_in_session' });
      connection.sendError('NOT_IN_SESSION', `Join a session before sending ${kind}`);
      return;
    }
    // Allowed within the session, or between peers in each other's proximity list.
    const node = to === from ? undefined : (this.view.nodeOf(sessionId, to) ?? this.proximityNode(connection, to));
    if (!node) {
      this.metrics.deliveryFailures.inc({ reason: 'not_in_same_session' });
      connection.sendError('NOT_IN_SAME_SESSION', `Peer ${to} is not in your session`);
      return;
    }
    const local = this.router.deliverLocally(node, kind, from, to, msg.body, msg.bodyJson);
    if (local !== undefined) {
      this.outcome(connection, msg, started, local);
      return;
    }
    // The outcome comes back through a callback, guarded in it (a throw there would reach the inbox's
    // batch), rather than a promise per relayed signal.
    this.router.deliverRemotely(node, kind, from, to, msg.bodyJson, (result) =>
      this.remoteOutcome(connection, msg, started, result),
    );
  }

  private remoteOutcome(connection: Connection, msg: SignalInbound, started: number, result: DeliveryResult): void {
    try {
      this.outcome(connection, msg, started, result);
    } catch (error) {
      this.logger.error(`Signal outcome failed for ${connection.peerId ?? connection.connId}`, (error as Error)?.stack);
      connection.close(CLOSE.INTERNAL, 'internal error');
    }
  }

  private outcome(connection: Connection, msg: SignalInbound, started: number, result: DeliveryResult): void {
    if (result === 'offline') {
      this.metrics.deliveryFailures.inc({ reason: 'peer_offline' });
      connection.sendError('DELIVERY_FAILED', `Failed to deliver ${msg.kind} to ${msg.to}`);
      return;
    }
    this.metrics.recordDelivery(msg.kind, started, result === 'queued' ? 'remote' : 'local');
  }

  /** The node of a peer in this connection's proximity list, or of a local peer whose list has us. */
  private proximityNode(connection: Connection, to: string): string | undefined {
    const near = connection.nearby.get(to);
    if (near) {
      return near;
    }
    const target = this.registry.byPeerId(to);
    return target && connection.peerId && target.nearby.has(connection.peerId) ? this.router.nodeId : undefined;
  }
}
