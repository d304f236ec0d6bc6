import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { InboundMessage, SignalInbound } from '../protocol/signaling-messages';
import { MembershipStore } from '../state/membership.store';
import { PresenceStore } from '../state/presence.store';
import { ClusterRouter, DeliveryResult } from './cluster-router';
import { CLOSE, Connection } from './connection';
import { ConnectionRegistry } from './connection-registry';
import { IceServersService } from '../ice/ice-servers.service';
import { ProximityService } from './proximity.service';
import { LeaveRecorder } from './leave-recorder';
import { PeerClaims } from './peer-claims';
import { Placement, SessionDirectory } from './session-directory';
import { SessionView } from './session-view';
import { SignalingMetrics } from './signaling.metrics';
import { LIVE_TTL_MS } from './signaling.timing';

/** Join, leave, relay and disconnect: the signaling logic behind the gateway, for both dialects. */
@Injectable()
export class SignalingService {
  private readonly logger = new Logger(SignalingService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry,
    private readonly view: SessionView,
    private readonly router: ClusterRouter,
    private readonly presence: PresenceStore,
    private readonly membership: MembershipStore,
    private readonly sessions: SessionDirectory,
    private readonly metrics: SignalingMetrics,
    private readonly iceServers: IceServersService,
    private readonly proximity: ProximityService,
    private readonly claims: PeerClaims,
    private readonly leaves: LeaveRecorder,
  ) {}

  async handle(connection: Connection, msg: InboundMessage): Promise<void> {
    switch (msg.type) {
      case 'create_session':
        return this.createSession(connection, msg.zone, msg.peerId);
      case 'join':
        return this.join(connection, msg.sessionId, msg.peerId);
      case 'leave':
        return this.leave(connection);
      case 'signal':
        this.signal(connection, msg);
        return;
      case 'position':
        connection.sendError('NOT_SUPPORTED', 'position messages need a session with proximity enabled');
        return;
      case 'ping':
        connection.send('pong', { timestamp: Date.now() });
        return;
    }
  }

  /** Binds the connection to a peer id it proves is its own (see PeerClaims). */
  identify(connection: Connection, peerId: string): Promise<boolean> {
    return this.claims.identify(connection, peerId);
  }

  private async ensureIdentified(connection: Connection, peerId: string | undefined): Promise<string | undefined> {
    if (peerId !== undefined) {
      return (await this.identify(connection, peerId)) ? peerId : undefined;
    }
    if (connection.peerId === undefined) {
      connection.sendError('NOT_IDENTIFIED', 'peer_id required');
    }
    return connection.peerId;
  }

  /** DLL dialect: place the peer in a session of the zone (idempotent per peer). */
  async createSession(connection: Connection, zone: string, peerId?: string): Promise<void> {
    connection.dialect = 'dll';
    const peer = await this.ensureIdentified(connection, peerId);
    if (!peer) {
      return;
    }
    const assigned = await this.sessions.assign(zone, peer);
    if (assigned instanceof AppError) {
      connection.sendError(assigned.code, assigned.message);
      return;
    }
    await this.switchSession(connection, peer, assigned, () => {
      const fields: Record<string, unknown> = { session_id: assigned.sessionId, zone, ...this.joinExtras(connection, peer) };
      if (assigned.hostId) {
        fields.host_id = assigned.hostId;
      }
      connection.send('session_created', fields);
    });
  }

  /** Reference dialect: join an existing session by integer id or session_id. */
  async join(connection: Connection, requested: string, peerId?: string): Promise<void> {
    connection.dialect = 'reference';
    const peer = await this.ensureIdentified(connection, peerId);
    if (!peer) {
      return;
    }
    const joined = await this.sessions.join(requested, peer);
    if (joined instanceof AppError) {
      connection.sendError(joined.code, joined.message);
      return;
    }
    await this.switchSession(connection, peer, joined, () => {
      const peers = [...this.view.members(joined.sessionId).keys()].filter((member) => member !== peer);
      connection.send('session_joined', { session_id: requested, peers, zone: joined.zoneId, ...this.joinExtras(connection, peer) });
    });
  }

  async leave(connection: Connection): Promise<void> {
    const sessionId = connection.sessionId;
    if (!connection.peerId || !sessionId) {
      connection.sendError('NOT_IN_SESSION', 'Not in a session');
      return;
    }
    await this.leaveSession(connection.peerId, sessionId);
    this.leaveZone(connection);
    connection.sessionId = undefined;
    connection.send('session_left', { session_id: sessionId });
  }

  /**
   * Relays a signal, synchronously: a target held here gets it at once, and a signal for another node
   * is handed to the inbox's batch for that node before this returns, so the sender's signals leave in
   * the order they came and nothing has to wait for Redis's answer (a refusal, when the target node
   * is gone, comes back to the sender later as DELIVERY_FAILED). The gateway relies on that to relay
   * without a promise or a queue hop.
   */
  signal(connection: Connection, msg: SignalInbound): void {
    const started = performance.now();
    const { kind, to } = msg;
    const from = connection.peerId;
    const sessionId = connection.sessionId;
    if (!from || !sessionId) {
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
      this.signalOutcome(connection, msg, started, local);
      return;
    }
    // deliverRemotely never rejects: a failed publish is counted and resolves as 'offline'. The
    // outcome is guarded in the callback itself (a throw there would be an unhandled rejection, which
    // ends the process) rather than by a .catch, which would cost a promise per relayed signal.
    void this.router.deliverRemotely(node, kind, from, to, msg.bodyJson).then((result) => this.remoteOutcome(connection, msg, started, result));
  }

  private remoteOutcome(connection: Connection, msg: SignalInbound, started: number, result: DeliveryResult): void {
    try {
      this.signalOutcome(connection, msg, started, result);
    } catch (error) {
      this.logger.error(`Signal outcome failed for ${connection.peerId ?? connection.connId}`, (error as Error)?.stack);
      connection.close(CLOSE.INTERNAL, 'internal error');
    }
  }

  private signalOutcome(connection: Connection, msg: SignalInbound, started: number, result: DeliveryResult): void {
    if (result === 'offline') {
      this.metrics.deliveryFailures.inc({ reason: 'peer_offline' });
      connection.sendError('DELIVERY_FAILED', `Failed to deliver ${msg.kind} to ${msg.to}`);
      return;
    }
    this.metrics.recordDelivery(msg.kind, started, result === 'queued' ? 'remote' : 'local');
  }

  /** Called when a socket closes; a peer that reconnected elsewhere does not "leave". */
  async disconnect(connection: Connection): Promise<void> {
    clearTimeout(connection.identifyTimer);
    const current = this.registry.remove(connection);
    const peer = connection.peerId;
    if (!peer || !current) {
      return;
    }
    this.leaveZone(connection);
    const released = await this.presence.release(peer, connection.connId).catch(() => true);
    if (!released) {
      return;
    }
    const sessionId = connection.sessionId ?? (await this.membership.sessionOf(peer).catch(() => null));
    if (sessionId) {
      await this.leaveSession(peer, sessionId);
    }
  }

  /**
   * Seats the peer and announces it; `reply` (the joiner's answer) is sent once the other nodes have
   * the news and before this node's members get theirs (see ClusterRouter.announce).
   */
  private async switchSession(connection: Connection, peer: string, placement: Placement, reply: () => void): Promise<void> {
    const { sessionId, zoneId } = placement;
    if (connection.zoneId !== zoneId) {
      this.leaveZone(connection);
      connection.zoneId = zoneId;
    }
    const previous = connection.sessionId;
    if (previous && previous !== sessionId) {
      await this.leaveSession(peer, previous);
    }
    // Set only once the live join is done: the lifecycle's periodic refresh re-joins every
    // connection's session, and doing that first would turn this join into a silent 'route'.
    // The join and the member list in one round trip; the list is read after the join, so
    // concurrent joiners see each other.
    const { alreadyMember, previousSessionId, members } = await this.membership.joinAndList(sessionId, peer, LIVE_TTL_MS);
    connection.sessionId = sessionId;
    if (previousSessionId && previousSessionId !== sessionId && previousSessionId !== previous) {
      await this.leaveSession(peer, previousSessionId, false);
    }
    await this.refreshView(sessionId, members);
    await this.router.announce(alreadyMember ? 'route' : 'joined', sessionId, peer, reply);
  }

  private joinExtras(connection: Connection, peer: string): Record<string, unknown> {
    return { frame_key: connection.frameKey?.toString('base64'), ice_servers: this.iceServers.forPeer(peer).ice_servers };
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

  private leaveZone(connection: Connection): void {
    if (connection.zoneId && connection.peerId) {
      this.proximity.remove(connection.zoneId, connection.peerId);
    }
    connection.zoneId = undefined;
    connection.nearby.clear();
    connection.lastPosition = undefined;
  }

  /** Loads the nodes of the session's members (listed after our own join) into the view. */
  private async refreshView(sessionId: string, members: string[]): Promise<void> {
    const routes = await this.presence.getMany(members);
    // Peers held here stay in the view even if Redis lost their membership (an outage or restart
    // before the lifecycle re-joins them); otherwise one join would cut them off from each other.
    const view = new Map<string, string>();
    for (const [member, node] of this.view.members(sessionId)) {
      if (node === this.router.nodeId && this.registry.byPeerId(member)?.sessionId === sessionId) {
        view.set(member, node);
      }
    }
    for (const member of members) {
      const route = routes.get(member);
      if (route) {
        view.set(member, route.nodeId);
      }
    }
    this.view.load(sessionId, view);
  }

  private async leaveSession(peer: string, sessionId: string, live = true): Promise<void> {
    await this.leaves.record(sessionId, peer, async () => (await this.membership.sessionOf(peer)) !== sessionId);
    if (live) {
      await this.membership.leave(peer, sessionId).catch((error: Error) => this.logger.warn(`Live leave failed: ${error.message}`));
    }
    await this.router.announce('left', sessionId, peer);
    this.view.remove(sessionId, peer);
    if (![...this.view.members(sessionId).values()].includes(this.router.nodeId)) {
      this.view.drop(sessionId);
    }
  }
}
