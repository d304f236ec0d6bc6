import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.service';
import type { BanRecord } from './ban.record';

type Row = Omit<BanRecord, 'created_at' | 'expires_at' | 'lifted_at'> & {
  created_at: Date | string;
  expires_at: Date | string | null;
  lifted_at: Date | string | null;
};

const COLUMNS = 'id, peer_id, ip, reason, created_at, expires_at, lifted_at, created_by';

const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

function toRecord(row: Row): BanRecord {
  return {
    ...row,
    created_at: date(row.created_at),
    expires_at: row.expires_at === null ? null : date(row.expires_at),
    lifted_at: row.lifted_at === null ? null : date(row.lifted_at),
  };
}

/** The `bans` table. Bans are never deleted: a lifted or expired ban stays as history. */
@Injectable()
export class BansRepository {
  constructor(private readonly db: Database) {}

  async insert(ban: Omit<BanRecord, 'created_at' | 'lifted_at'>): Promise<BanRecord> {
    const rows = await this.db.query<Row>(
      `INSERT INTO bans (id, peer_id, ip, reason, expires_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [ban.id, ban.peer_id, ban.ip, ban.reason, ban.expires_at, ban.created_by],
    );
    return toRecord(rows[0]);
  }

  /** Bans in force now (not lifted, not expired): what every node holds in memory. */
  async active(): Promise<BanRecord[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM bans WHERE lifted_at IS NULL AND (expires_at IS NULL OR expires_at > now()) ORDER BY created_at DESC`,
    );
    return rows.map(toRecord);
  }

  /** Every ban, newest first, at most `limit`. */
  async all(limit: number): Promise<BanRecord[]> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM bans ORDER BY created_at DESC, id LIMIT $1`, [limit]);
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<BanRecord | undefined> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM bans WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async existsFor(peerId: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM bans WHERE peer_id = $1 LIMIT 1', [peerId]);
    return rows.length > 0;
  }

  /** Lifts the ban (once: a lifted ban keeps its first lift); the ban as it is now, undefined when unknown. */
  async lift(id: string, by: string): Promise<BanRecord | undefined> {
    await this.db.query(`UPDATE bans SET lifted_at = now(), lifted_by = $2 WHERE id = $1 AND lifted_at IS NULL`, [
      id,
      by,
    ]);
    return this.findById(id);
  }
}
