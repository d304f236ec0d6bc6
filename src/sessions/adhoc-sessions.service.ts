import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ZonesService } from '../zones/zones.service';
import { ZoneRecord } from '../zones/zone.record';
import { SessionResponseDto } from './dto/session-response.dto';
import { adhocLimitRefusal, mayOpenAdhoc } from './adhoc-session-rules';
import { AdhocSessionsRepository, SessionOrigin } from './adhoc-sessions.repository';
import { activationDeltas, creationDeltas, mergeDeltas, closedSessions, releaseDeltas } from './session-counters';
import { SessionCountersRepository } from './session-counters.repository';
import { SessionRef } from './session-ref';
import { zoneRefusal } from './session-rules';
import { isTerminal } from './session-state';
import { SessionsRepository } from './sessions.repository';
import { toSessionResponse } from './session-view';

/** An ad-hoc session with nobody in it this long is ended by the clean-up (which runs every minute). */
export const ADHOC_EMPTY_GRACE_SECONDS = 60;

/**
 * Ad-hoc sessions: the earlier coordinator let a `join` name any session id and the group formed
 * around it. Here such a join opens a host-less session of that id in the peer's zone (or the first
 * of P2P_ENABLED_ZONES), bounded per peer and over the cluster, and ended once empty. Off by
 * default when JWT validation is on (least privilege: a token then lets a peer join, not create).
 */
@Injectable()
export class AdhocSessionsService {
  private readonly logger = new Logger(AdhocSessionsService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly zones: ZonesService,
    private readonly sessions: SessionsRepository,
    private readonly repository: AdhocSessionsRepository,
    private readonly counters: SessionCountersRepository,
  ) {}

  /**
   * Opens the ad-hoc session `ref` names with `peerId` seated in it, when no session of that id is
   * open; undefined when the join should go to the existing session instead (or cannot open one, and
   * the join then answers SESSION_NOT_FOUND with its hint). Limits are refused with RATE_LIMITED.
   */
  async openIfUnknown(ref: SessionRef, peerId: string, zoneHint?: string): Promise<SessionResponseDto | undefined> {
    if (!this.config.p2p.adhocSessions.enabled || !mayOpenAdhoc(ref)) {
      return undefined;
    }
    if (!this.isReplaceable(await this.repository.findOrigin(ref.sessionId))) {
      return undefined;
    }
    const zone = await this.zoneFor(zoneHint);
    if (!zone) {
      return undefined;
    }
    const view = await this.sessions.transaction(async (tx) => {
      await this.repository.lockOpening(tx);
      // Another peer may have opened it while this one waited for the lock: then it joins that one.
      if (!this.isReplaceable(await this.repository.findOrigin(ref.sessionId, tx))) {
        return undefined;
      }
      const refusal = adhocLimitRefusal(await this.repository.countOpen(tx, peerId), this.config.p2p.adhocSessions);
      if (refusal) {
        throw refusal;
      }
      await this.repository.removeFinished(tx, ref.sessionId);
      const id = await this.sessions.insert(tx, {
        sessionId: ref.sessionId,
        hostPk: null,
        zonePk: zone.id,
        maxPlayers: zone.max_players,
        players: [peerId],
        openedBy: peerId,
      });
      const opened = mergeDeltas([], [...creationDeltas(null, zone.id, 1).zones, ...activationDeltas(zone.id).zones]);
      await this.counters.apply(tx, opened);
      const [created] = await this.sessions.findViews([id], tx);
      return created;
    });
    if (view) {
      this.logger.log(`Ad-hoc session ${view.session_id} opened by ${peerId} in zone ${zone.zone_id}`);
    }
    return view && toSessionResponse(view);
  }

  /** Ends ad-hoc sessions empty for ADHOC_EMPTY_GRACE_SECONDS; answers how many (the clean-up's second job). */
  async endEmpty(): Promise<number> {
    const ended = await this.sessions.transaction(async (tx) => {
      const rows = await this.repository.endEmpty(tx, ADHOC_EMPTY_GRACE_SECONDS);
      await this.counters.apply(tx, releaseDeltas(closedSessions(rows)));
      return rows.length;
    });
    if (ended > 0) {
      this.logger.log(`Ended ${ended} empty ad-hoc session(s)`);
    }
    return ended;
  }

  /** No session of the id, or a finished ad-hoc one (which a new one replaces). */
  private isReplaceable(origin: SessionOrigin | undefined): boolean {
    return origin === undefined || (origin.opened_by !== null && isTerminal(origin.status));
  }

  /** The peer's zone, else the first configured zone, if it takes P2P sessions. */
  private async zoneFor(zoneHint: string | undefined): Promise<ZoneRecord | undefined> {
    const zoneId = zoneHint ?? this.config.p2p.enabledZones[0];
    const zone = zoneId === undefined ? undefined : await this.zones.findRecord(zoneId);
    const refusal = zone && zoneRefusal(zone);
    if (refusal) {
      throw refusal;
    }
    return zone;
  }
}
