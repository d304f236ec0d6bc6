import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.service';
import { SessionRef } from './session-ref';

export interface SessionParties {
  /** The player owning the session's host; null for a host-less mesh session. */
  hostOwner: string | null;
  member: boolean;
}

/** The one read the ownership rules need: who owns the session's host, and is the player in it. */
@Injectable()
export class SessionAccessRepository {
  constructor(private readonly db: Database) {}

  async parties(ref: SessionRef, playerId: string): Promise<SessionParties | undefined> {
    const where = ref.kind === 'id' ? 's.id = $1' : 's.session_id = $1';
    const rows = await this.db.query<{ host_owner: string | null; member: boolean }>(
      `SELECT h.player_id AS host_owner,
              EXISTS (SELECT 1 FROM session_players sp WHERE sp.session_id = s.id AND sp.player_id = $2) AS member
         FROM p2p_sessions s LEFT JOIN hosts h ON h.id = s.host_id
        WHERE ${where}`,
      [ref.kind === 'id' ? ref.id : ref.sessionId, playerId],
    );
    const row = rows[0];
    return row ? { hostOwner: row.host_owner, member: row.member } : undefined;
  }
}
