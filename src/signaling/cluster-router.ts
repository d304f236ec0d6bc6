import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SignalKind } from '../protocol/signaling-messages';
import { encodeSignal, referenceTimestampAt } from '../protocol/signaling-outbound';
import { NodeInbox } from '../state/node-inbox.store';
import { CLOSE } from './connection';
import { ConnectionRegistry } from './connection-registry';
import {
  decodeSignalMessage,
  encodeSignalMessage,
  KickMessage,
  PackedSignal,
  NodeMessage,
  SessionEventMessage,
  SignalFailedMessage,
  SignalMessage,
} from './inbox-messages';
import { SessionView } from './session-view';
import { SignalingMetrics } from './signaling.metrics';
import { logFailure } from '../common/outage';

export type DeliveryResult = 'delivered' | 'queued' | 'offline';

/** Delivers to peers on this node directly and to peers on other nodes through their inboxes. */
@Injectable()
export class ClusterRouter {
  private readonly logger = new Logger(ClusterRouter.name);
  readonly nodeId: string;

  constructor(
    config: AppConfig,
    private readonly registry: ConnectionRegistry,
    private readonly view: SessionView,
    private readonly inbox: NodeInbox,
    private readonly metrics: SignalingMetrics,
  ) {
    this.nodeId = config.service.nodeId;
  }

  /**
   * The synchronous half of delivering a signal to a peer held by `node`: 'delivered' or 'offline'
   * when this node decides it (the target is here, or should be), undefined when the target is on
   * another node and deliverRemotely must publish it.
   */
  deliverLocally(
    node: string,
    kind: SignalKind,
    from: string,
    to: string,
    body: unknown,
    bodyJson?: string,
  ): DeliveryResult | undefined {
    if (this.registry.byPeerId(to)) {
      return this.sendSignalLocally(kind, from, to, body, bodyJson) ? 'delivered' : 'offline';
    }
    return node === this.nodeId ? 'offline' : undefined;
  }

  /**
   * Hands a signal to `node`'s inbox before returning (so a sender's signals keep their order);
   * `done` hears the outcome once the batch it went in is answered ('queued', or 'offline' when no
   * node listens); remote failures come back later as signal_failed. A failed publish is counted
   * and ends as 'offline'. A callback, not a promise: this runs once per relayed signal, and the
   * batch's one answer reaches all of its signals. `done` must not throw.
   */
  deliverRemotely(
    node: string,
    kind: SignalKind,
    from: string,
    to: string,
    bodyJson: string,
    done: (result: DeliveryResult) => void,
  ): void {
    this.metrics.crossNode.inc();
    this.inbox.post(node, encodeSignalMessage(kind, from, to, bodyJson, this.nodeId), (receivers, error) => {
      if (error) {
        this.publishFailed(node, error);
      }
      done(receivers > 0 ? 'queued' : 'offline');
    });
  }

  /** `bodyJson`, when the caller has it, is `body` already serialised (it is spliced, not re-encoded). */
  sendSignalLocally(kind: SignalKind, from: string, to: string, body: unknown, bodyJson?: string): boolean {
    const target = this.registry.byPeerId(to);
    if (!target) {
      return false;
    }
    const text = encodeSignal(
      kind,
      target.dialect,
      from,
      bodyJson ?? JSON.stringify(body),
      referenceTimestampAt(Date.now()),
    );
    return target.sendRaw(text);
  }

  /**
   * Tells every member of a session (on any node) that a peer joined, left or moved node; resolves
   * once the other nodes have it. With `beforeLocal` (a joiner's reply), that runs after the other
   * nodes have it (so any node can route to the joiner by then) and before this node's members are
   * told (so the reply is not written behind up to a full session's notices).
   */
  async announce(
    event: SessionEventMessage['event'],
    sessionId: string,
    peerId: string,
    beforeLocal?: () => void,
  ): Promise<void> {
    const message: SessionEventMessage = { kind: 'session_event', event, sessionId, peerId, nodeId: this.nodeId };
    const localMembers: string[] = [];
    const remoteNodes = new Set<string>();
    for (const [member, node] of this.view.members(sessionId)) {
      if (member === peerId) {
        continue;
      }
      if (node === this.nodeId) {
        localMembers.push(member);
      } else {
        remoteNodes.add(node);
      }
    }
    const published =
      remoteNodes.size > 0 ? Promise.all([...remoteNodes].map((node) => this.publish(node, message))) : undefined;
    if (beforeLocal) {
      await published;
      beforeLocal();
    }
    for (const member of localMembers) {
      this.notifyLocal(message, member);
    }
    await published;
  }

  /** Applies a session event from another node to the view and to this node's members. */
  applySessionEvent(message: SessionEventMessage): void {
    if (!this.view.has(message.sessionId)) {
      return;
    }
    if (message.event === 'left') {
      this.view.remove(message.sessionId, message.peerId);
    } else {
      this.view.upsert(message.sessionId, message.peerId, message.nodeId);
    }
    for (const [member, node] of this.view.members(message.sessionId)) {
      if (node === this.nodeId && member !== message.peerId) {
        this.notifyLocal(message, member);
      }
    }
  }

  private notifyLocal(message: SessionEventMessage, member: string): void {
    const connection = this.registry.byPeerId(member);
    if (!connection || connection.sessionId !== message.sessionId || message.event === 'route') {
      return;
    }
    connection.notify(message.event === 'joined' ? 'peer_joined' : 'peer_left', { peer_id: message.peerId });
  }

  async broadcast(message: NodeMessage): Promise<void> {
    try {
      await this.inbox.broadcast(message);
    } catch (error) {
      this.metrics.redisErrors.inc();
      logFailure(this.logger, 'Inbox broadcast', error);
    }
  }

  /** Another node's signal for a peer held here; the origin hears back when it cannot be delivered. */
  deliverSignal(message: SignalMessage | PackedSignal): void {
    const bodyJson = 'bodyJson' in message ? message.bodyJson : undefined;
    const body = 'body' in message ? message.body : undefined;
    if (!this.sendSignalLocally(message.signal, message.from, message.to, body, bodyJson)) {
      void this.publish(message.origin, {
        kind: 'signal_failed',
        signal: message.signal,
        from: message.from,
        to: message.to,
      });
    }
  }

  /** A signal packed by encodeSignalMessage (the relay path): its body is spliced, never parsed. */
  deliverPackedSignal(packed: string): void {
    const signal = decodeSignalMessage(packed);
    if (signal) {
      this.deliverSignal(signal);
    } else {
      this.logger.warn('Dropped a malformed packed signal from another node');
    }
  }

  /** A signal this node sent could not be delivered on the target's node. */
  signalFailed(message: SignalFailedMessage): void {
    this.metrics.deliveryFailures.inc({ reason: 'peer_offline' });
    this.registry
      .byPeerId(message.from)
      ?.sendError('DELIVERY_FAILED', `Failed to deliver ${message.signal} to ${message.to}`);
  }

  /** A newer connection of the peer, on another node, replaced this one. */
  kick(message: KickMessage): void {
    const connection = this.registry.byPeerId(message.peerId);
    if (connection && connection.connId === message.connId) {
      connection.close(CLOSE.REPLACED, 'replaced by a newer connection');
    }
  }

  async publish(node: string, message: NodeMessage): Promise<number> {
    try {
      return await this.inbox.publish(node, message);
    } catch (error) {
      this.publishFailed(node, error as Error);
      return 0;
    }
  }

  private publishFailed(node: string, error: Error): void {
    this.metrics.redisErrors.inc();
    logFailure(this.logger, `Inbox publish to ${node}`, error);
  }
}
