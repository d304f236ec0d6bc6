import { Injectable } from '@nestjs/common';
import { Database, Queryable } from '../database/database.service';
import { SessionMetrics } from './dto/update-session-metrics.dto';
import { SessionRef } from './session-ref';
import { SessionTally } from './session-tally';
import { initialStatus, OPEN_STATUSES, SessionStatus } from './session-state';
import { SessionView } from './session-view';
import { rowsOf } from './sql-result';

/** The columns lifecycle decisions need, read under a row lock. Keys are the tables' integer ids. */
export interface SessionRow {
  id: number;
  session_id: string;
  host_id: number | null;
  zone_id: number;
  max_players: number;
  current_players: number;
  status: SessionStatus;
}

/** A session the idle clean-up just failed, with the status it had before. */
export interface FailedSessionRow {
  id: number;
  host_id: number | null;
  zone_id: number;
  current_players: number;
  previous_status: SessionStatus;
}

export interface NewSession {
  sessionId: string;
  hostPk: number | null;
  zonePk: number;
  maxPlayers: number;
  players: string[];
  /** The peer whose `join` of an unknown id opened this ad-hoc session (see AdhocSessionsService). */
  openedBy?: string;
}

const ROW_COLUMNS = 's.id, s.session_id, s.host_id, s.zone_id, s.max_players, s.current_players, s.status';

const VIEW_SELECT = `
  SELECT s.id, s.session_id, h.host_id, z.zone_id, s.current_players, s.max_players, s.status,
         s.average_latency_ms, s.average_packet_loss_percent, s.bandwidth_usage_mbps,
         s.started_at, s.ended_at, s.created_at, s.updated_at, s.last_activity_at, s.end_reason,
         (SELECT json_agg(sp.player_id ORDER BY sp.joined_at, sp.player_id)
            FROM session_players sp WHERE sp.session_id = s.id) AS players
    FROM p2p_sessions s
    JOIN zones z ON z.id = s.zone_id
    LEFT JOIN hosts h ON h.id = s.host_id`;

const TALLY_SQL = `
  SELECT s.status, z.zone_id AS zone, count(*)::int AS count, COALESCE(sum(s.current_players), 0)::int AS players
    FROM p2p_sessions s JOIN zones z ON z.id = s.zone_id
   GROUP BY s.status, z.zone_id`;

function refFilter(ref: SessionRef): { where: string; param: number | string } {
  return ref.kind === 'id'
    ? { where: 's.id = $1', param: ref.id }
    : { where: 's.session_id = $1', param: ref.sessionId };
}

/** Every SQL statement on `p2p_sessions` rows themselves (members live in SessionMembersRepository). */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Database) {}

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async findView(ref: SessionRef, q: Queryable = this.db): Promise<SessionView | undefined> {
    const { where, param } = refFilter(ref);
    const rows = await q.query<SessionView>(`${VIEW_SELECT} WHERE ${where}`, [param]);
    return rows[0];
  }

  async findViews(ids: number[], q: Queryable = this.db): Promise<SessionView[]> {
    return q.query<SessionView>(`${VIEW_SELECT} WHERE s.id = ANY($1::int[]) ORDER BY s.id`, [ids]);
  }

  listActiveByHost(hostId: string): Promise<SessionView[]> {
    return this.db.query<SessionView>(`${VIEW_SELECT} WHERE h.host_id = $1 AND s.status = 'active' ORDER BY s.id`, [
      hostId,
    ]);
  }

  listActiveByZone(zoneId: string): Promise<SessionView[]> {
    return this.db.query<SessionView>(`${VIEW_SELECT} WHERE z.zone_id = $1 AND s.status = 'active' ORDER BY s.id`, [
      zoneId,
    ]);
  }

  /** Pending and active sessions, most recently active first (the admin dashboard's view). */
  listOpen(): Promise<SessionView[]> {
    return this.db.query<SessionView>(
      `${VIEW_SELECT} WHERE s.status IN ('pending', 'active') ORDER BY s.last_activity_at DESC NULLS LAST, s.id`,
    );
  }

  async lock(tx: Queryable, ref: SessionRef): Promise<SessionRow | undefined> {
    const { where, param } = refFilter(ref);
    const rows = await tx.query<SessionRow>(`SELECT ${ROW_COLUMNS} FROM p2p_sessions s WHERE ${where} FOR UPDATE`, [
      param,
    ]);
    return rows[0];
  }

  /** Inserts the session and its members; members are timestamped in the order given. */
  async insert(tx: Queryable, session: NewSession): Promise<number> {
    const status = initialStatus(session.players.length);
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO p2p_sessions (session_id, host_id, zone_id, max_players, current_players, status, started_at, opened_by)
       VALUES ($1, $2, $3, $4, $5, $6::text, CASE WHEN $6::text = 'active' THEN now() END, $7) RETURNING id`,
      [
        session.sessionId,
        session.hostPk,
        session.zonePk,
        session.maxPlayers,
        session.players.length,
        status,
        session.openedBy ?? null,
      ],
    );
    if (session.players.length > 0) {
      await tx.query(
        `INSERT INTO session_players (session_id, player_id, joined_at)
         SELECT $1, p.player_id, now() + (p.ord - 1) * interval '1 microsecond'
           FROM unnest($2::text[]) WITH ORDINALITY AS p(player_id, ord)`,
        [row.id, session.players],
      );
    }
    return row.id;
  }

  async markActive(tx: Queryable, id: number): Promise<void> {
    await tx.query(
      `UPDATE p2p_sessions SET status = 'active', started_at = now(), updated_at = now(), last_activity_at = now() WHERE id = $1`,
      [id],
    );
  }

  async markEnded(tx: Queryable, id: number, reason: string): Promise<void> {
    await tx.query(
      `UPDATE p2p_sessions SET status = 'ended', ended_at = now(), end_reason = $2, updated_at = now(), last_activity_at = now()
        WHERE id = $1`,
      [id, reason],
    );
  }

  async updateMetrics(tx: Queryable, id: number, metrics: SessionMetrics): Promise<void> {
    await tx.query(
      `UPDATE p2p_sessions
          SET average_latency_ms = COALESCE($2, average_latency_ms),
              average_packet_loss_percent = COALESCE($3, average_packet_loss_percent),
              bandwidth_usage_mbps = COALESCE($4, bandwidth_usage_mbps),
              updated_at = now(), last_activity_at = now()
        WHERE id = $1`,
      [id, metrics.latencyMs ?? null, metrics.packetLossPercent ?? null, metrics.bandwidthMbps ?? null],
    );
  }

  /**
   * Fails every open session idle for longer than `minutes` (by last activity, not age) and reports
   * what each was before. SKIP LOCKED leaves sessions another transaction is changing right now to
   * the next run instead of waiting on them.
   */
  async failIdle(tx: Queryable, minutes: number): Promise<FailedSessionRow[]> {
    const result = await tx.query(
      `UPDATE p2p_sessions s
          SET status = 'failed', ended_at = now(), end_reason = 'idle_timeout', updated_at = now()
         FROM (SELECT id, status FROM p2p_sessions
                WHERE status = ANY($1::text[]) AND last_activity_at < now() - make_interval(mins => $2)
                ORDER BY id FOR UPDATE SKIP LOCKED) stale
        WHERE s.id = stale.id
        RETURNING s.id, s.host_id, s.zone_id, s.current_players, stale.status AS previous_status`,
      [OPEN_STATUSES, minutes],
    );
    return rowsOf<FailedSessionRow>(result);
  }

  /** One grouped scan, whatever the number of sessions. */
  tallyByStatusAndZone(): Promise<SessionTally[]> {
    return this.db.query<SessionTally>(TALLY_SQL);
  }
}
