import { Injectable } from '@nestjs/common';
import { Database, Queryable } from '../database/database.service';
import { SessionRow } from './sessions.repository';
import { OPEN_STATUSES } from './session-state';
import { affectedCount } from './sql-result';

const ROW_COLUMNS = 's.id, s.session_id, s.host_id, s.zone_id, s.max_players, s.current_players, s.status';

/** Where `placeInOpenSession` seated a player: ids as the API shows them. */
export interface ZonePlacementRow {
  player_id: string;
  id: number;
  host_pk: number | null;
  session_id: string;
  zone_id: string;
  host_id: string | null;
  already_member: boolean;
  /** this seat was the session's first: it activated the session (session-state.ts) */
  activated: boolean;
}

/** Arbitrary namespace for the per-zone advisory lock that serialises zone assignment. */
const ASSIGNMENT_LOCK_CLASS = 0x5e55;

/**
 * Every SQL statement on session membership. Each that changes anything runs inside a transaction
 * that holds the session row lock (or the zone's assignment lock), so a seat count and its member
 * rows never disagree; `findZoneSeat` only reads.
 */
@Injectable()
export class SessionMembersRepository {
  constructor(private readonly db: Database) {}

  async isMember(tx: Queryable, sessionPk: number, playerId: string): Promise<boolean> {
    const rows = await tx.query(`SELECT 1 FROM session_players WHERE session_id = $1 AND player_id = $2`, [
      sessionPk,
      playerId,
    ]);
    return rows.length > 0;
  }

  /**
   * Takes a seat if one is free: the guard in the WHERE clause is what makes capacity safe, the row
   * lock the caller holds is what keeps the following member insert consistent with it.
   */
  async takeSeat(tx: Queryable, sessionPk: number): Promise<boolean> {
    const result = await tx.query(
      `UPDATE p2p_sessions SET current_players = current_players + 1, updated_at = now(), last_activity_at = now()
        WHERE id = $1 AND current_players < max_players`,
      [sessionPk],
    );
    return affectedCount(result) === 1;
  }

  async insert(tx: Queryable, sessionPk: number, playerId: string): Promise<void> {
    await tx.query(
      `INSERT INTO session_players (session_id, player_id, joined_at) VALUES ($1, $2, clock_timestamp())`,
      [sessionPk, playerId],
    );
  }

  /** Removes the player from the given sessions and frees their seats; returns how many it left. */
  async remove(tx: Queryable, sessionPks: number[], playerId: string): Promise<number> {
    const result = await tx.query(
      `WITH gone AS (
         DELETE FROM session_players WHERE session_id = ANY($1::int[]) AND player_id = $2 RETURNING session_id
       )
       UPDATE p2p_sessions s
          SET current_players = GREATEST(s.current_players - 1, 0), updated_at = now(), last_activity_at = now()
         FROM gone WHERE s.id = gone.session_id`,
      [sessionPks, playerId],
    );
    return affectedCount(result);
  }

  /**
   * Removes players from one session (whose row lock the caller holds) and frees their seats in one
   * statement; answers the players that had one.
   */
  async removeMany(tx: Queryable, sessionPk: number, playerIds: readonly string[]): Promise<string[]> {
    const rows = await tx.query<{ player_id: string }>(
      `WITH gone AS (
         DELETE FROM session_players WHERE session_id = $1 AND player_id = ANY($2::text[]) RETURNING player_id
       ), freed AS (
         UPDATE p2p_sessions
            SET current_players = GREATEST(current_players - (SELECT count(*) FROM gone), 0),
                updated_at = now(), last_activity_at = now()
          WHERE id = $1 AND EXISTS (SELECT 1 FROM gone)
       )
       SELECT player_id FROM gone`,
      [sessionPk, playerIds],
    );
    return rows.map((row) => row.player_id);
  }

  /**
   * Takes the zone's assignment lock for the rest of the transaction. Not `durable`: the same
   * statement also sets `synchronous_commit = off` for this transaction only, because its commit
   * happens under the lock, and waiting for the WAL flush there (3–7 ms on a plain disk) is what
   * every other join to the zone queues behind. Atomicity and isolation are unchanged; only the
   * last fraction of a second of commits can be lost, and only if PostgreSQL itself crashes.
   */
  async lockZoneAssignment(tx: Queryable, zonePk: number, durable = true): Promise<void> {
    await tx.query(
      durable
        ? `SELECT pg_advisory_xact_lock($1, $2)`
        : `SELECT pg_advisory_xact_lock($1, $2), set_config('synchronous_commit', 'off', true)`,
      [ASSIGNMENT_LOCK_CLASS, zonePk],
    );
  }

  /**
   * The seat the player already has in an open session of the zone, read without the zone lock (a
   * seat that exists needs no allocation; see SessionMembershipService.placeInZone).
   */
  async findZoneSeat(zonePk: number, playerId: string): Promise<ZonePlacementRow | undefined> {
    const rows = await this.db.query<ZonePlacementRow>(
      `SELECT sp.player_id, s.id, s.session_id, s.host_id AS host_pk, z.zone_id, h.host_id,
              true AS already_member, false AS activated
         FROM session_players sp
         JOIN p2p_sessions s ON s.id = sp.session_id
         JOIN zones z ON z.id = s.zone_id
         LEFT JOIN hosts h ON h.id = s.host_id
        WHERE s.zone_id = $1 AND sp.player_id = $2 AND s.status = ANY($3::text[])
        ORDER BY s.id LIMIT 1`,
      [zonePk, playerId, OPEN_STATUSES],
    );
    return rows[0];
  }

  /** The open session of the zone the player already belongs to, if any. */
  async findOpenMembership(tx: Queryable, zonePk: number, playerId: string): Promise<number | undefined> {
    const rows = await tx.query<{ id: number }>(
      `SELECT s.id FROM session_players sp JOIN p2p_sessions s ON s.id = sp.session_id
        WHERE s.zone_id = $1 AND sp.player_id = $2 AND s.status = ANY($3::text[])
        ORDER BY s.id LIMIT 1`,
      [zonePk, playerId, OPEN_STATUSES],
    );
    return rows[0]?.id;
  }

  /** The open session of the zone with a free seat to fill next: hosted before mesh, oldest first. */
  async lockOpenWithRoom(tx: Queryable, zonePk: number): Promise<SessionRow | undefined> {
    const rows = await tx.query<SessionRow>(
      `SELECT ${ROW_COLUMNS} FROM p2p_sessions s
        WHERE s.zone_id = $1 AND s.status = ANY($2::text[]) AND s.current_players < s.max_players
        ORDER BY (s.host_id IS NULL), s.created_at, s.id
        LIMIT 1 FOR UPDATE`,
      [zonePk, OPEN_STATUSES],
    );
    return rows[0];
  }

  /**
   * Seats players in the zone in one statement (the caller holds the zone's assignment lock). A
   * player with a seat in an open session of the zone keeps it (`already_member`); the others, in
   * the order given, fill the open session with room to fill next (hosted before mesh, oldest
   * first) as far as its free seats go: the seats are taken by one guarded UPDATE and the member
   * rows inserted. The caller charges the host and zone counters (`joinDeltas` per new member) once
   * it has placed everyone, so its transaction locks sessions before hosts before zones, as every
   * other one does. Players left out (that session filled up, or none has room) are absent from the
   * answer; the caller calls again or opens a session. One round trip for a whole group under the
   * zone lock, instead of six per player. `playerIds` must be distinct. With `onlySessionPk`, only
   * that session is filled.
   */
  async placeInOpenSession(
    tx: Queryable,
    zonePk: number,
    playerIds: readonly string[],
    onlySessionPk: number | null = null,
  ): Promise<ZonePlacementRow[]> {
    return tx.query<ZonePlacementRow>(
      `WITH input AS (
         SELECT p.player_id, p.ord FROM unnest($2::text[]) WITH ORDINALITY AS p(player_id, ord)
       ),
       mine AS (
         SELECT DISTINCT ON (sp.player_id) sp.player_id, s.id
           FROM session_players sp JOIN p2p_sessions s ON s.id = sp.session_id
          WHERE s.zone_id = $1 AND sp.player_id = ANY($2::text[]) AND s.status = ANY($3::text[])
          ORDER BY sp.player_id, s.id
       ),
       newcomers AS (
         SELECT i.player_id, row_number() OVER (ORDER BY i.ord) AS n
           FROM input i WHERE NOT EXISTS (SELECT 1 FROM mine m WHERE m.player_id = i.player_id)
       ),
       target AS (
         SELECT s.id, s.status, s.max_players - s.current_players AS room FROM p2p_sessions s
          WHERE EXISTS (SELECT 1 FROM newcomers)
            AND s.zone_id = $1 AND s.status = ANY($3::text[]) AND s.current_players < s.max_players
            AND ($4::int IS NULL OR s.id = $4::int)
          ORDER BY (s.host_id IS NULL), s.created_at, s.id
          LIMIT 1 FOR UPDATE
       ),
       take AS (
         SELECT t.id, LEAST(t.room, (SELECT count(*) FROM newcomers))::int AS k, t.status = 'pending' AS activates
           FROM target t
       ),
       seat AS (
         UPDATE p2p_sessions s SET current_players = s.current_players + take.k, updated_at = now(), last_activity_at = now(),
                status = CASE WHEN take.activates THEN 'active' ELSE s.status END,
                started_at = CASE WHEN take.activates THEN now() ELSE s.started_at END
           FROM take WHERE s.id = take.id AND take.k > 0 AND s.current_players + take.k <= s.max_players
         RETURNING s.id, take.k, take.activates
       ),
       member AS (
         INSERT INTO session_players (session_id, player_id, joined_at)
         SELECT seat.id, n.player_id, clock_timestamp() FROM seat JOIN newcomers n ON n.n <= seat.k ORDER BY n.n
         RETURNING session_id, player_id
       ),
       placed AS (
         SELECT player_id, id, true AS already_member, false AS activated FROM mine
         UNION ALL
         SELECT m.player_id, m.session_id, false, seat.activates FROM member m JOIN seat ON seat.id = m.session_id
       )
       SELECT p.player_id, s.id, s.session_id, s.host_id AS host_pk, z.zone_id, h.host_id, p.already_member, p.activated
         FROM placed p
         JOIN p2p_sessions s ON s.id = p.id
         JOIN zones z ON z.id = s.zone_id
         LEFT JOIN hosts h ON h.id = s.host_id`,
      [zonePk, playerIds, OPEN_STATUSES, onlySessionPk],
    );
  }
}
