import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { Queryable } from '../database/database.service';
import { HostRecord } from '../hosts/host.record';
import { HostsService } from '../hosts/hosts.service';
import { ZoneRecord } from '../zones/zone.record';
import { SessionResponseDto } from './dto/session-response.dto';
import { creationDeltas, joinDeltas, leaveDeltas } from './session-counters';
import { SessionCountersRepository } from './session-counters.repository';
import { inLockedSession } from './session-lock';
import { SessionMembersRepository } from './session-members.repository';
import { SessionRef } from './session-ref';
import { invalidState, newSessionId } from './session-rules';
import { acceptsPlayers, SESSION_STATUSES } from './session-state';
import { SessionsRepository } from './sessions.repository';
import { toSessionResponse } from './session-view';

export interface AssignmentResult {
  session: SessionResponseDto;
  /** a new session was opened for this peer */
  created: boolean;
  /** the peer already had a seat in this session; nothing changed */
  alreadyMember: boolean;
}

/** Where a peer was seated in a zone, without the session's member list. */
export interface ZonePlacement {
  sessionPk: number;
  sessionId: string;
  /** the zone's API id */
  zoneId: string;
  /** the host's API id, null for a mesh session */
  hostId: string | null;
  created: boolean;
  alreadyMember: boolean;
}

/** Sessions a peer can still join or leave; a peer leaving on disconnect leaves all of them. */
const JOINABLE_STATUSES = SESSION_STATUSES.filter(acceptsPlayers);

/**
 * Who sits in which session. Every change holds the session row lock (players) or the zone's
 * assignment lock (zone assignment), and takes seats through a guarded UPDATE, so concurrent joins
 * can neither lose a member nor overfill a session.
 */
@Injectable()
export class SessionMembershipService {
  constructor(
    private readonly hosts: HostsService,
    private readonly sessions: SessionsRepository,
    private readonly members: SessionMembersRepository,
    private readonly counters: SessionCountersRepository,
  ) {}

  addPlayer(ref: SessionRef, playerId: string): Promise<SessionResponseDto> {
    return inLockedSession(this.sessions, ref, async (tx, row) => {
      if (!acceptsPlayers(row.status)) {
        throw invalidState(ref, row.status, 'take players');
      }
      // Membership before capacity: re-adding a member is a no-op, even when the session is full.
      if (await this.members.isMember(tx, row.id, playerId)) {
        return;
      }
      if (!(await this.members.takeSeat(tx, row.id))) {
        throw new AppError('SESSION_FULL', `Session ${ref.raw} is full (${row.max_players} players)`);
      }
      await this.members.insert(tx, row.id, playerId);
      await this.counters.apply(tx, joinDeltas(row.host_id, row.zone_id));
    });
  }

  removePlayer(ref: SessionRef, playerId: string): Promise<SessionResponseDto> {
    return inLockedSession(this.sessions, ref, async (tx, row) => {
      // A finished session already gave its seats back; its member list is kept as history.
      if (!acceptsPlayers(row.status)) {
        throw invalidState(ref, row.status, 'lose players');
      }
      if ((await this.members.remove(tx, [row.id], playerId)) === 0) {
        throw new AppError('PLAYER_NOT_IN_SESSION', `Player ${playerId} is not in session ${ref.raw}`);
      }
      await this.counters.apply(tx, leaveDeltas([row.host_id]));
    });
  }

  async removePlayerEverywhere(peerId: string): Promise<SessionResponseDto[]> {
    const views = await this.sessions.transaction(async (tx) => {
      const rows = await this.members.lockMemberships(tx, peerId, JOINABLE_STATUSES);
      if (rows.length === 0) {
        return [];
      }
      const ids = rows.map((row) => row.id);
      await this.members.remove(tx, ids, peerId);
      await this.counters.apply(tx, leaveDeltas(rows.map((row) => row.host_id)));
      return this.sessions.findViews(ids, tx);
    });
    return views.map(toSessionResponse);
  }

  /**
   * Seats a peer in an open session of `zone` (already checked to take P2P sessions): its current
   * one if it has a seat, else the first open session with room, else a new session on the best
   * host, else a new host-less mesh session. Assignments to one zone are serialised by an advisory
   * lock, so a new session is only opened when no open session has room: peers fill sessions one
   * after another. Host selection reads the database on its own, so it runs between two short
   * transactions rather than inside one (an embedded database has a single connection).
   */
  async assignToZone(zone: ZoneRecord, peerId: string): Promise<AssignmentResult> {
    const placed = await this.placeInZone(zone, peerId);
    const [view] = await this.sessions.findViews([placed.sessionPk]);
    return { session: toSessionResponse(view), created: placed.created, alreadyMember: placed.alreadyMember };
  }

  /**
   * `assignToZone` without reading the whole session back: what signaling needs to answer a join.
   * The zone lock is held for two statements (the lock and the placement), so joins to one crowded
   * zone queue on it for as short as possible.
   */
  async placeInZone(zone: ZoneRecord, peerId: string): Promise<ZonePlacement> {
    const existing = await this.sessions.transaction((tx) => this.joinOpenSession(tx, zone, peerId));
    if (existing) {
      return existing;
    }
    const host = await this.hosts.selectBestForZone(zone);
    return this.sessions.transaction(
      async (tx) => (await this.joinOpenSession(tx, zone, peerId)) ?? this.openSession(tx, zone, host, peerId),
    );
  }

  private async joinOpenSession(tx: Queryable, zone: ZoneRecord, peerId: string): Promise<ZonePlacement | undefined> {
    await this.members.lockZoneAssignment(tx, zone.id);
    const row = await this.members.placeInOpenSession(tx, zone.id, peerId);
    if (!row) {
      return undefined;
    }
    return {
      sessionPk: row.id,
      sessionId: row.session_id,
      zoneId: row.zone_id,
      hostId: row.host_id,
      created: false,
      alreadyMember: row.already_member,
    };
  }

  private async openSession(
    tx: Queryable,
    zone: ZoneRecord,
    host: HostRecord | undefined,
    peerId: string,
  ): Promise<ZonePlacement> {
    // The host was chosen outside this transaction; if it filled up since, the session runs as a mesh.
    const hosted =
      host !== undefined && (await this.counters.reserveHost(tx, creationDeltas(host.id, zone.id, 1).hosts[0]));
    const hostPk = hosted ? host.id : null;
    const sessionId = newSessionId();
    const id = await this.sessions.insert(tx, {
      sessionId,
      hostPk,
      zonePk: zone.id,
      maxPlayers: zone.max_players,
      players: [peerId],
    });
    await this.counters.apply(tx, { hosts: [], zones: creationDeltas(hostPk, zone.id, 1).zones });
    return {
      sessionPk: id,
      sessionId,
      zoneId: zone.zone_id,
      hostId: hosted ? host.host_id : null,
      created: true,
      alreadyMember: false,
    };
  }
}
