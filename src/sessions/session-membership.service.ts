import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { GroupedRequest, KeyedGroups } from '../common/keyed-groups';
import { AppConfig } from '../config/app-config';
import { Queryable } from '../database/database.service';
import { HostRecord } from '../hosts/host.record';
import { HostsService } from '../hosts/hosts.service';
import { ZoneRecord } from '../zones/zone.record';
import { SessionResponseDto } from './dto/session-response.dto';
import {
  activationDeltas,
  creationDeltas,
  HostDelta,
  joinDeltas,
  leaveDeltas,
  mergeDeltas,
  ZoneDelta,
} from './session-counters';
import { SessionCountersRepository } from './session-counters.repository';
import { inLockedSession } from './session-lock';
import { SessionMembersRepository } from './session-members.repository';
import { SessionRef } from './session-ref';
import { invalidState, newSessionId } from './session-rules';
import { acceptsPlayers, activatesOnSeat } from './session-state';
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

/** A placement waiting for its zone's current transaction to finish. */
type PendingPlacement = GroupedRequest<{ zone: ZoneRecord; peerId: string }, ZonePlacement>;

/** A leave waiting for its session's current transaction; answers whether the peer had a seat. */
type PendingLeave = GroupedRequest<{ ref: SessionRef; peerId: string }, boolean>;

/** Most placements (or leaves) one transaction takes, so a long queue still commits (and answers) in steps. */
const MAX_GROUP = 32;

/** Times one transaction looks again for room before opening a session (see fillOpenSessions). */
const MAX_ROOM_RECHECKS = 2;

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
    private readonly config: AppConfig,
  ) {}

  /** Placements queued per zone (by primary key) behind the transaction running for it. */
  private readonly placements = new KeyedGroups<number, PendingPlacement['item'], ZonePlacement>(
    MAX_GROUP,
    (_, group) => this.placeGroup(group),
  );

  /** Leaves queued per session (by its reference as given) behind the transaction running for it. */
  private readonly leaves = new KeyedGroups<string, PendingLeave['item'], boolean>(MAX_GROUP, (_, group) =>
    this.leaveGroup(group),
  );

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
      const joined = joinDeltas(row.host_id, row.zone_id);
      // The first player activates the session (session-state.ts): it now holds one of its zone's active slots.
      if (activatesOnSeat(row.status)) {
        await this.sessions.markActive(tx, row.id);
        joined.zones.push(...activationDeltas(row.zone_id).zones);
      }
      await this.counters.apply(tx, mergeDeltas(joined.hosts, joined.zones));
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

  /**
   * Records that a peer left a session, for signaling: answers whether it had a seat there (false
   * too when the session is gone or finished, which is no error for a leaver). Leaves to one
   * session are grouped (see KeyedGroups): when a whole session disconnects, its members leave in
   * a few transactions rather than one each queued on the session's row lock.
   */
  leave(ref: SessionRef, peerId: string): Promise<boolean> {
    return this.leaves.submit(ref.raw, { ref, peerId });
  }

  private async leaveGroup(group: PendingLeave[]): Promise<void> {
    const { ref } = group[0].item;
    const left = await this.sessions.transaction(async (tx) => {
      const row = await this.sessions.lock(tx, ref);
      if (!row || !acceptsPlayers(row.status)) {
        return new Set<string>();
      }
      const gone = await this.members.removeMany(tx, row.id, [...new Set(group.map((request) => request.item.peerId))]);
      if (gone.length > 0) {
        await this.counters.apply(tx, leaveDeltas(gone.map(() => row.host_id)));
      }
      return new Set(gone);
    });
    // The same peer twice in a group: its seat is freed once, so only the first hears that it had one.
    for (const request of group) {
      request.resolve(left.delete(request.item.peerId));
    }
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
   * Every commit holds the zone lock through its WAL flush (milliseconds), so one transaction per
   * join capped a crowded zone at a hundred joins a second: placements to one zone are grouped
   * instead. While a zone's transaction runs, the next placements wait and then go through together
   * in one transaction (one commit, one seating statement per session they fill), so the first join
   * never waits for company and a burst shares its round trips and its commit.
   */
  async placeInZone(zone: ZoneRecord, peerId: string): Promise<ZonePlacement> {
    // A peer coming back to the seat it kept (a reconnect, a repeated create_session) needs no seat
    // allocated, so it need not queue behind the zone's transactions either. When more than a whole
    // group already waits (a reconnect storm: thousands at once, otherwise tens of serialised group
    // transactions to wait for), its seat is read on its own first. At ordinary rates nobody waits
    // that long, and a newcomer never pays the extra read.
    if (this.placements.waiting(zone.id) >= MAX_GROUP) {
      const seat = await this.members.findZoneSeat(zone.id, peerId);
      if (seat) {
        return {
          sessionPk: seat.id,
          sessionId: seat.session_id,
          zoneId: seat.zone_id,
          hostId: seat.host_id,
          created: false,
          alreadyMember: true,
        };
      }
    }
    return this.placements.submit(zone.id, { zone, peerId });
  }

  /**
   * Seats a group in as few transactions as it takes: its peers fill the open sessions with room,
   * a statement per session. When none has room, the transaction commits what it placed, the best
   * host is chosen outside it (as alone), and the next transaction opens the new session for the
   * first peer left (if no session got room meanwhile) and fills it with the others. A failed
   * group is placed again peer by peer, so one peer's failure is never another's. The same peer
   * twice in a group is placed once; the later request is answered as a member already.
   */
  private async placeGroup(group: PendingPlacement[]): Promise<void> {
    const byPeer = new Map<string, PendingPlacement[]>();
    for (const request of group) {
      const same = byPeer.get(request.item.peerId);
      if (same) {
        same.push(request);
      } else {
        byPeer.set(request.item.peerId, [request]);
      }
    }
    const zone = group[0].item.zone;
    let left = [...byPeer.keys()];
    let host: { record: HostRecord | undefined } | undefined;
    try {
      while (left.length > 0) {
        const waiting = left;
        const chosen = host;
        const seats = await this.sessions.transaction((tx) => this.fillOpenSessions(tx, zone, waiting, chosen));
        for (const [peerId, seat] of seats) {
          const [first, ...again] = byPeer.get(peerId) ?? [];
          first?.resolve(seat);
          again.forEach((item) => item.resolve({ ...seat, created: false, alreadyMember: true }));
        }
        left = waiting.filter((peerId) => !seats.has(peerId));
        if (left.length > 0) {
          host = { record: await this.hosts.selectBestForZone(zone) };
        }
      }
    } catch (error) {
      const items = left.flatMap((peerId) => byPeer.get(peerId) ?? []);
      if (items.length === 1) {
        items[0].reject(error);
        return;
      }
      await Promise.all(
        items.map((request) => this.placeAlone(zone, request.item.peerId).then(request.resolve, request.reject)),
      );
    }
  }

  /**
   * Under the zone lock: seats `peerIds` in the open sessions with room, then, with a host chosen
   * beforehand (`chosen`, its record undefined for a mesh), opens one new session for the first
   * peer still without a seat and fills it with the rest. Peers absent from the answer found no room.
   */
  private async fillOpenSessions(
    tx: Queryable,
    zone: ZoneRecord,
    peerIds: string[],
    chosen: { record: HostRecord | undefined } | undefined,
  ): Promise<Map<string, ZonePlacement>> {
    // Embedded, the database lives in this process: a crash of the coordinator is a crash of the
    // database, and with no WAL writer running beside it a commit that skipped the flush would be lost.
    await this.members.lockZoneAssignment(tx, zone.id, this.config.db.durableJoins || this.config.db.embedded);
    const seats = new Map<string, ZonePlacement>();
    const hosts: HostDelta[] = [];
    const zones: ZoneDelta[] = [];
    const activated = new Set<number>();
    let rest = peerIds;
    // Once this transaction opened a session (and so locked its host), it fills only that one:
    // locking another session after a host would invert the order other transactions lock in.
    let opened: number | null = null;
    let recheck = 0;
    while (rest.length > 0) {
      const rows = await this.members.placeInOpenSession(tx, zone.id, rest, opened);
      for (const row of rows) {
        seats.set(row.player_id, {
          sessionPk: row.id,
          sessionId: row.session_id,
          zoneId: row.zone_id,
          hostId: row.host_id,
          created: false,
          alreadyMember: row.already_member,
        });
        if (!row.already_member) {
          const deltas = joinDeltas(row.host_pk, zone.id);
          hosts.push(...deltas.hosts);
          zones.push(...deltas.zones);
        }
        if (row.activated && !activated.has(row.id)) {
          activated.add(row.id);
          zones.push(...activationDeltas(zone.id).zones);
        }
      }
      rest = rest.filter((peerId) => !seats.has(peerId));
      if (rest.length === 0 || (opened === null && rows.some((row) => !row.already_member))) {
        continue; // all seated, or a session filled up: the next one with room takes the rest
      }
      if (opened === null && recheck < MAX_ROOM_RECHECKS && (await this.members.lockOpenWithRoom(tx, zone.id))) {
        // The seating statement found a session whose seats a concurrent leave freed, but judged its
        // room on the row as that statement's snapshot had it, and seated nobody. A new statement sees
        // the leave: try again rather than open a session while another one has room.
        recheck += 1;
        continue;
      }
      if (!chosen || opened !== null) {
        break; // no open session has room (or the new one is full): the caller chooses a host again
      }
      const [first, ...others] = rest;
      const created = await this.openSession(tx, zone, chosen.record, first, zones);
      seats.set(first, created);
      opened = created.sessionPk;
      rest = others;
    }
    // Counters last, merged and in key order: sessions, then hosts, then zones, as everywhere else.
    await this.counters.apply(tx, mergeDeltas(hosts, zones));
    return seats;
  }

  /** One peer in its own transactions: the fallback when its group failed. */
  private async placeAlone(zone: ZoneRecord, peerId: string): Promise<ZonePlacement> {
    const existing = (
      await this.sessions.transaction((tx) => this.fillOpenSessions(tx, zone, [peerId], undefined))
    ).get(peerId);
    if (existing) {
      return existing;
    }
    const host = { record: await this.hosts.selectBestForZone(zone) };
    const placed = (await this.sessions.transaction((tx) => this.fillOpenSessions(tx, zone, [peerId], host))).get(
      peerId,
    );
    if (!placed) {
      throw new Error(`No seat for ${peerId} in zone ${zone.zone_id}`); // unreachable: a session was opened for it
    }
    return placed;
  }

  private async openSession(
    tx: Queryable,
    zone: ZoneRecord,
    host: HostRecord | undefined,
    peerId: string,
    zoneDeltas: ZoneDelta[],
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
    // Charged by the caller with the group's other counters (see fillOpenSessions). Opened with its
    // first player, the session is active from the start and takes one of the zone's active slots.
    zoneDeltas.push(...creationDeltas(hostPk, zone.id, 1).zones, ...activationDeltas(zone.id).zones);
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
