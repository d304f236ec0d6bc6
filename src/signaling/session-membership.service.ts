import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { IceServersService } from '../ice/ice-servers.service';
import { JoinExtras } from '@ro-p2p/contract';
import { Connection } from './connection';
import { keepsSeat } from './grace-policy';
import { MovementGuard } from './movement-guard';
import { PeerClaims } from './peer-claims';
import { ProximityService } from './proximity.service';
import { ReconnectGrace } from './reconnect-grace';
import { Placement, SessionDirectory } from './session-directory';
import { SessionRoster } from './session-roster';
import { ZoneRelayPolicy } from './zone-relay-policy';

/**
 * Entering and leaving sessions, for both dialects: identify (PeerClaims), be placed by the sessions
 * module (SessionDirectory), take the seat and announce it (SessionRoster), answer. Read top-down:
 * each step calls the next and nothing calls back up.
 */
@Injectable()
export class SessionMembership {
  constructor(
    private readonly claims: PeerClaims,
    private readonly directory: SessionDirectory,
    private readonly roster: SessionRoster,
    private readonly proximity: ProximityService,
    private readonly iceServers: IceServersService,
    private readonly movement: MovementGuard,
    private readonly relayPolicy: ZoneRelayPolicy,
    private readonly grace: ReconnectGrace,
  ) {}

  /** Binds the connection to a peer id it proves is its own (see PeerClaims). */
  identify(connection: Connection, peerId: string): Promise<boolean> {
    return this.claims.identify(connection, peerId);
  }

  /** DLL dialect: place the peer in a session of the zone (idempotent per peer). */
  async createSession(connection: Connection, zone: string, peerId?: string): Promise<void> {
    connection.speak('dll');
    const peer = await this.identified(connection, peerId);
    if (!peer) {
      return;
    }
    const assigned = await this.directory.assign(zone, peer);
    if (assigned instanceof AppError) {
      connection.sendError(assigned.code, assigned.message);
      return;
    }
    await this.enter(connection, peer, assigned, () => {
      const host = assigned.hostId ? { host_id: assigned.hostId } : {};
      connection.send('session_created', {
        session_id: assigned.sessionId,
        zone,
        ...this.extras(connection, peer),
        ...host,
      });
    });
  }

  /** Reference dialect: join an existing session by integer id or session_id. */
  async join(connection: Connection, requested: string, peerId?: string): Promise<void> {
    connection.speak('reference');
    const peer = await this.identified(connection, peerId);
    if (!peer) {
      return;
    }
    const joined = await this.directory.join(requested, peer, connection.zoneId);
    if (joined instanceof AppError) {
      connection.sendError(joined.code, joined.message);
      return;
    }
    await this.enter(connection, peer, joined, () => {
      const peers = this.roster.memberIds(joined.sessionId).filter((member) => member !== peer);
      connection.send('session_joined', {
        session_id: requested,
        peers,
        zone: joined.zoneId,
        ...this.extras(connection, peer),
      });
    });
  }

  /** Leaves the connection's session (the dispatcher checked it has one). */
  async leave(connection: Connection): Promise<void> {
    const { peerId, sessionId } = connection;
    if (!peerId || !sessionId) {
      connection.sendError('NOT_IN_SESSION', 'Not in a session');
      return;
    }
    await this.roster.unseat(peerId, sessionId);
    this.leaveZone(connection);
    connection.unseat();
    connection.send('session_left', { session_id: sessionId });
  }

  /**
   * The socket closed: a peer that reconnected elsewhere (its route moved on) does not "leave". A
   * dropped connection keeps its seat through the reconnection grace (see ReconnectGrace and
   * keepsSeat); a clean close, a kick or a policy close leaves now.
   */
  async disconnect(connection: Connection, wasCurrent: boolean): Promise<void> {
    const peer = connection.peerId;
    if (!peer || !wasCurrent) {
      return;
    }
    this.movement.release(connection);
    this.leaveZone(connection);
    const sessionId = await this.roster.release(peer, connection.connId, connection.sessionId);
    if (!sessionId) {
      return;
    }
    if (this.grace.enabled && keepsSeat(connection.serverCloseCode, connection.clientCloseCode)) {
      this.roster.stepAway(peer, sessionId);
      await this.grace.hold(peer, sessionId);
    } else {
      await this.roster.unseat(peer, sessionId);
    }
  }

  private async identified(connection: Connection, peerId: string | undefined): Promise<string | undefined> {
    if (peerId !== undefined) {
      return (await this.claims.identify(connection, peerId)) ? peerId : undefined;
    }
    if (connection.peerId === undefined) {
      connection.sendError('NOT_IDENTIFIED', 'peer_id required');
    }
    return connection.peerId;
  }

  /**
   * Admitted to `placement`: leaves the previous zone and session when they differ, takes the seat,
   * answers and announces. The seat is the connection's only once the live join is done: the
   * lifecycle's periodic refresh re-joins every connection's session, and doing that first would
   * turn this join into a silent 'route'.
   */
  private async enter(connection: Connection, peer: string, placement: Placement, reply: () => void): Promise<void> {
    const { sessionId, zoneId } = placement;
    if (connection.zoneId !== zoneId) {
      this.leaveZone(connection);
    }
    await this.movement.enter(connection, peer, zoneId);
    await this.relayPolicy.prime(zoneId);
    connection.admit(zoneId);
    const previous = connection.sessionId;
    if (previous && previous !== sessionId) {
      await this.roster.unseat(peer, previous);
    }
    const seat = await this.roster.seat(sessionId, peer);
    connection.seat(sessionId);
    if (seat.previousSessionId && seat.previousSessionId !== sessionId && seat.previousSessionId !== previous) {
      await this.roster.unseat(peer, seat.previousSessionId, false);
    }
    await this.roster.announceSeat(sessionId, peer, seat, reply);
    if (seat.alreadyMember) {
      await this.grace.resumed(peer);
    }
  }

  private extras(connection: Connection, peer: string): JoinExtras {
    return {
      frame_key: connection.frameKey?.toString('base64'),
      ice_servers: this.iceServers.forPeer(peer).ice_servers,
    };
  }

  private leaveZone(connection: Connection): void {
    if (connection.zoneId && connection.peerId) {
      this.proximity.remove(connection.zoneId, connection.peerId);
    }
    connection.leaveZone();
  }
}
