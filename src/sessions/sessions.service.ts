import { Injectable, Logger } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { Queryable } from '../database/database.service';
import { HostsService } from '../hosts/hosts.service';
import { ZonesService } from '../zones/zones.service';
import { ZoneRecord } from '../zones/zone.record';
import { AdhocSessionsService } from './adhoc-sessions.service';
import { CreateSessionDto } from './dto/create-session.dto';
import { SessionResponseDto } from './dto/session-response.dto';
import { SessionMetrics } from './dto/update-session-metrics.dto';
import { activationDeltas, creationDeltas, mergeDeltas, closedSessions, releaseDeltas } from './session-counters';
import { SessionCountersRepository } from './session-counters.repository';
import { SessionAccessService } from './session-access.service';
import { inLockedSession } from './session-lock';
import { AssignmentResult, SessionMembershipService, ZonePlacement } from './session-membership.service';
import { SessionRef } from './session-ref';
import { SessionTally } from './session-tally';
import {
  hostFull,
  hostRefusal,
  invalidState,
  newSessionId,
  p2pDisabled,
  sessionCapacity,
  sessionNotFound,
  uniquePlayers,
  zoneRefusal,
} from './session-rules';
import { acceptsMetrics, activatesOnSeat, initialStatus, nextStatus, SessionEvent } from './session-state';
import { SessionRow, SessionsRepository } from './sessions.repository';
import { toSessionResponse } from './session-view';

const DEFAULT_END_REASON = 'normal';
const EVENT_VERBS: Record<SessionEvent, string> = { activate: 'be activated', end: 'be ended', fail: 'fail' };

/** Session lifecycle: creation, state changes, metrics, idle clean-up; membership is delegated. */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly hosts: HostsService,
    private readonly zones: ZonesService,
    private readonly repository: SessionsRepository,
    private readonly counters: SessionCountersRepository,
    private readonly membership: SessionMembershipService,
    private readonly access: SessionAccessService,
    private readonly adhoc: AdhocSessionsService,
  ) {}

  async create(dto: CreateSessionDto, principal?: Principal): Promise<SessionResponseDto> {
    if (!this.config.p2p.enabled) {
      throw p2pDisabled();
    }
    const players = uniquePlayers(dto.player_ids);
    const host = await this.hosts.findRecord(dto.host_id);
    if (!host) {
      throw new AppError('HOST_NOT_FOUND', `Host ${dto.host_id} not found`);
    }
    this.access.assertMayCreate(principal, host.player_id, players);
    const zone = await this.openZone(dto.zone_id);
    const refusal = hostRefusal(host, zone, this.hosts.checkPlacement(host, zone), players.length);
    if (refusal) {
      throw refusal;
    }
    const capacity = sessionCapacity(zone, dto.max_players, players.length);
    if (capacity instanceof AppError) {
      throw capacity;
    }
    const deltas = creationDeltas(host.id, zone.id, players.length);
    // Created with players, it is active from the start (session-state.ts) and takes its zone's slot.
    const zoneDeltas =
      initialStatus(players.length) === 'active' ? [...deltas.zones, ...activationDeltas(zone.id).zones] : deltas.zones;
    const [view] = await this.repository.transaction(async (tx) => {
      // The checks above read a snapshot; this guarded update is what keeps a host within capacity
      // when several sessions are created on it at once.
      if (!(await this.counters.reserveHost(tx, deltas.hosts[0]))) {
        throw hostFull(host, players.length);
      }
      const id = await this.repository.insert(tx, {
        sessionId: newSessionId(),
        hostPk: host.id,
        zonePk: zone.id,
        maxPlayers: capacity,
        players,
      });
      await this.counters.apply(tx, mergeDeltas([], zoneDeltas));
      return this.repository.findViews([id], tx);
    });
    this.logger.log(`Session ${view.session_id} created on host ${host.host_id} in zone ${zone.zone_id}`);
    return toSessionResponse(view);
  }

  async get(ref: SessionRef): Promise<SessionResponseDto> {
    const view = await this.repository.findView(ref);
    if (!view) {
      throw sessionNotFound(ref);
    }
    return toSessionResponse(view);
  }

  async activate(ref: SessionRef, principal?: Principal): Promise<SessionResponseDto> {
    await this.access.assertMayAct(principal, ref);
    return this.transition(ref, 'activate', async (tx, row) => {
      // Already active (its first player activated it): nothing to change, and no slot to charge twice.
      if (activatesOnSeat(row.status)) {
        await this.repository.markActive(tx, row.id);
        await this.counters.apply(tx, activationDeltas(row.zone_id));
      }
    });
  }

  async end(ref: SessionRef, reason: string = DEFAULT_END_REASON, principal?: Principal): Promise<SessionResponseDto> {
    await this.access.assertMayAct(principal, ref);
    return this.transition(ref, 'end', async (tx, row) => {
      await this.repository.markEnded(tx, row.id, reason);
      const closed = {
        hostPk: row.host_id,
        zonePk: row.zone_id,
        currentPlayers: row.current_players,
        previousStatus: row.status,
      };
      await this.counters.apply(tx, releaseDeltas([closed]));
    });
  }

  async updateMetrics(ref: SessionRef, metrics: SessionMetrics, principal?: Principal): Promise<SessionResponseDto> {
    await this.access.assertMayAct(principal, ref);
    return inLockedSession(this.repository, ref, async (tx, row) => {
      if (!acceptsMetrics(row.status)) {
        throw invalidState(ref, row.status, 'take metrics');
      }
      await this.repository.updateMetrics(tx, row.id, metrics);
    });
  }

  async listActiveByHost(hostId: string): Promise<SessionResponseDto[]> {
    return (await this.repository.listActiveByHost(hostId)).map(toSessionResponse);
  }

  async listActiveByZone(zoneId: string): Promise<SessionResponseDto[]> {
    return (await this.repository.listActiveByZone(zoneId)).map(toSessionResponse);
  }

  /** Every open (pending or active) session, most recently active first. */
  async listOpen(): Promise<SessionResponseDto[]> {
    return (await this.repository.listOpen()).map(toSessionResponse);
  }

  /** Stored sessions and their players per status and zone, for the `p2p_sessions` and `p2p_zone_players` gauges. */
  tallyByStatusAndZone(): Promise<SessionTally[]> {
    return this.repository.tallyByStatusAndZone();
  }

  /** Fails open sessions idle longer than the timeout and gives their hosts and zones the capacity back. */
  async cleanup(timeoutMinutes: number = this.config.p2p.sessionTimeoutMinutes): Promise<number> {
    const failed = await this.repository.transaction(async (tx) => {
      const rows = await this.repository.failIdle(tx, timeoutMinutes);
      await this.counters.apply(tx, releaseDeltas(closedSessions(rows)));
      return rows.length;
    });
    if (failed > 0) {
      this.logger.log(`Failed ${failed} session(s) idle for more than ${timeoutMinutes} minute(s)`);
    }
    return failed;
  }

  /**
   * Seats a player in a session by its id (REST, and the signaling `join`): the zone's rules hold
   * here as for a placement by zone, so a session of a zone an admin switched off takes nobody new.
   */
  async addPlayer(ref: SessionRef, playerId: string, principal?: Principal): Promise<SessionResponseDto> {
    if (!this.config.p2p.enabled) {
      throw p2pDisabled();
    }
    await this.access.assertMayChangePlayer(principal, ref, playerId, true);
    const session = await this.repository.findView(ref);
    if (!session) {
      throw sessionNotFound(ref);
    }
    await this.openZone(session.zone_id);
    return this.membership.addPlayer(ref, playerId);
  }

  /**
   * The signaling `join`: seats the peer in the session `ref` names, or, when no session of that id
   * is open and ad-hoc sessions are on, opens one for it (see AdhocSessionsService). `zoneHint` is
   * the zone the peer is in, if it said.
   */
  async join(ref: SessionRef, peerId: string, zoneHint?: string): Promise<SessionResponseDto> {
    if (!this.config.p2p.enabled) {
      throw p2pDisabled();
    }
    return (await this.adhoc.openIfUnknown(ref, peerId, zoneHint)) ?? this.addPlayer(ref, peerId);
  }

  /** Ends empty ad-hoc sessions (the clean-up's second job); how many. */
  endEmptyAdhoc(): Promise<number> {
    return this.adhoc.endEmpty();
  }

  async removePlayer(ref: SessionRef, playerId: string, principal?: Principal): Promise<SessionResponseDto> {
    await this.access.assertMayChangePlayer(principal, ref, playerId, false);
    return this.membership.removePlayer(ref, playerId);
  }

  /** For the signaling gateway: puts a peer in a session of the zone (see SessionMembershipService). */
  async assignToZone(zoneId: string, peerId: string): Promise<AssignmentResult> {
    if (!this.config.p2p.enabled) {
      throw p2pDisabled();
    }
    return this.membership.assignToZone(await this.openZone(zoneId), peerId);
  }

  /** `assignToZone` answering only where the peer sits (no member list): the signaling join path. */
  async placeInZone(zoneId: string, peerId: string): Promise<ZonePlacement> {
    if (!this.config.p2p.enabled) {
      throw p2pDisabled();
    }
    return this.membership.placeInZone(await this.openZone(zoneId), peerId);
  }

  /** For signaling: records that a peer left a session; whether it had a seat there (see SessionMembershipService). */
  leave(ref: SessionRef, peerId: string): Promise<boolean> {
    return this.membership.leave(ref, peerId);
  }

  private async openZone(zoneId: string): Promise<ZoneRecord> {
    const zone = await this.zones.findRecord(zoneId);
    if (!zone) {
      throw new AppError('ZONE_NOT_FOUND', `Zone ${zoneId} not found`);
    }
    const refusal = zoneRefusal(zone);
    if (refusal) {
      throw refusal;
    }
    return zone;
  }

  private transition(
    ref: SessionRef,
    event: SessionEvent,
    apply: (tx: Queryable, row: SessionRow) => Promise<void>,
  ): Promise<SessionResponseDto> {
    return inLockedSession(this.repository, ref, async (tx, row) => {
      if (nextStatus(row.status, event) === undefined) {
        throw invalidState(ref, row.status, EVENT_VERBS[event]);
      }
      await apply(tx, row);
    });
  }
}
