import { Injectable } from '@nestjs/common';
import { Database, Queryable } from '../database/database.service';
import { AdhocCounts } from './adhoc-session-rules';
import { FailedSessionRow } from './sessions.repository';
import { OPEN_STATUSES, SessionStatus } from './session-state';
import { rowsOf } from './sql-result';

/** Arbitrary namespace (and key) of the advisory lock that serialises opening ad-hoc sessions. */
const ADHOC_LOCK_CLASS = 0x5e56;
const ADHOC_LOCK_KEY = 1;

/** What an existing row says about a session id a `join` named. */
export interface SessionOrigin {
  status: SessionStatus;
  opened_by: string | null;
}

/** The statements on ad-hoc sessions (`opened_by` set) that the other session repositories do not make. */
@Injectable()
export class AdhocSessionsRepository {
  constructor(private readonly db: Database) {}

  async findOrigin(sessionId: string, q: Queryable = this.db): Promise<SessionOrigin | undefined> {
    const rows = await q.query<SessionOrigin>(`SELECT status, opened_by FROM p2p_sessions WHERE session_id = $1`, [
      sessionId,
    ]);
    return rows[0];
  }

  /** Held to the end of the transaction: counting and inserting cannot interleave with another opening. */
  async lockOpening(tx: Queryable): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock($1, $2)`, [ADHOC_LOCK_CLASS, ADHOC_LOCK_KEY]);
  }

  async countOpen(tx: Queryable, peerId: string): Promise<AdhocCounts> {
    const [row] = await tx.query<{ total: number; by_peer: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE opened_by = $1)::int AS by_peer
         FROM p2p_sessions WHERE opened_by IS NOT NULL AND status = ANY($2::text[])`,
      [peerId, OPEN_STATUSES],
    );
    return { total: row.total, byPeer: row.by_peer };
  }

  /**
   * Removes a finished ad-hoc session of this id (its members went with it long ago), so the id can
   * be opened afresh: following the same steps again works as it did the first time.
   */
  async removeFinished(tx: Queryable, sessionId: string): Promise<void> {
    await tx.query(
      `DELETE FROM p2p_sessions WHERE session_id = $1 AND opened_by IS NOT NULL AND status IN ('ended', 'failed')`,
      [sessionId],
    );
  }

  /**
   * Ends the open ad-hoc sessions nobody has sat in for `seconds` (their last member left then),
   * reporting what each was before; SKIP LOCKED leaves one being joined right now to the next run.
   */
  async endEmpty(tx: Queryable, seconds: number): Promise<FailedSessionRow[]> {
    const result = await tx.query(
      `UPDATE p2p_sessions s
          SET status = 'ended', ended_at = now(), end_reason = 'empty', updated_at = now()
         FROM (SELECT id, status FROM p2p_sessions
                WHERE opened_by IS NOT NULL AND status = ANY($1::text[]) AND current_players = 0
                  AND last_activity_at < now() - make_interval(secs => $2)
                ORDER BY id FOR UPDATE SKIP LOCKED) empty
        WHERE s.id = empty.id
        RETURNING s.id, s.host_id, s.zone_id, s.current_players, empty.status AS previous_status`,
      [OPEN_STATUSES, seconds],
    );
    return rowsOf<FailedSessionRow>(result);
  }
}
