import { Injectable } from '@nestjs/common';
import { Queryable } from '../database/database.service';
import { CounterDeltas, HostDelta } from './session-counters';
import { affectedCount } from './sql-result';

/**
 * The counters sessions keep on `hosts` and `zones`. They are written here, inside the session's own
 * transaction, rather than through the hosts and zones services, so a session and its counters
 * commit or roll back together.
 */
@Injectable()
export class SessionCountersRepository {
  /**
   * Charges a host for a new session only if it still has room, so two concurrent creations cannot
   * both take the last seats. False when the host is full (or gone).
   */
  async reserveHost(tx: Queryable, delta: HostDelta): Promise<boolean> {
    const result = await tx.query(
      `UPDATE hosts SET current_players = current_players + $2, current_zones = current_zones + $3
        WHERE id = $1 AND current_players + $2 <= max_players AND current_zones + $3 <= max_zones`,
      [delta.hostPk, delta.players, delta.sessions],
    );
    return affectedCount(result) === 1;
  }

  async apply(tx: Queryable, deltas: CounterDeltas): Promise<void> {
    const { hosts, zones } = deltas;
    if (hosts.length > 0) {
      const ids = hosts.map((d) => d.hostPk);
      // Lock in key order first: UPDATE ... FROM does not promise an order, and two releases
      // touching the same hosts in different orders would deadlock.
      if (ids.length > 1) {
        await tx.query(`SELECT id FROM hosts WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [ids]);
      }
      await tx.query(
        `UPDATE hosts h
            SET current_players = GREATEST(h.current_players + d.players, 0),
                current_zones = GREATEST(h.current_zones + d.sessions, 0)
           FROM unnest($1::int[], $2::int[], $3::int[]) AS d(id, players, sessions)
          WHERE h.id = d.id`,
        [ids, hosts.map((d) => d.players), hosts.map((d) => d.sessions)],
      );
    }
    if (zones.length > 0) {
      const ids = zones.map((d) => d.zonePk);
      if (ids.length > 1) {
        await tx.query(`SELECT id FROM zones WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [ids]);
      }
      await tx.query(
        `UPDATE zones z
            SET total_sessions = GREATEST(z.total_sessions + d.total, 0),
                active_sessions = GREATEST(z.active_sessions + d.active, 0),
                total_players_served = GREATEST(z.total_players_served + d.served, 0)
           FROM unnest($1::int[], $2::int[], $3::int[], $4::int[]) AS d(id, total, active, served)
          WHERE z.id = d.id`,
        [ids, zones.map((d) => d.totalSessions), zones.map((d) => d.activeSessions), zones.map((d) => d.playersServed)],
      );
    }
  }
}
