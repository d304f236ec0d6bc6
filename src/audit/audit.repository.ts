import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.service';
import type { AuditEntry, AuditRecord } from './audit.record';

type Row = Omit<AuditRecord, 'at' | 'id'> & { id: string | number; at: Date | string };

/** Where a page of the trail starts: before an entry id, or before a time. */
export type AuditCursor = { id: string } | { at: Date };

/** The `moderation_audit` table: appended to, never changed. */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async insert(entry: AuditEntry): Promise<void> {
    await this.db.query(
      'INSERT INTO moderation_audit (actor, action, target, reason, details) VALUES ($1, $2, $3, $4, $5::jsonb)',
      [
        entry.actor,
        entry.action,
        entry.target,
        entry.reason,
        entry.details === null ? null : JSON.stringify(entry.details),
      ],
    );
  }

  /** Newest first. */
  async list(limit: number, before?: AuditCursor): Promise<AuditRecord[]> {
    const where = before === undefined ? '' : 'id' in before ? 'WHERE id < $2::bigint' : 'WHERE at < $2::timestamptz';
    const params: unknown[] = [limit];
    if (before !== undefined) {
      params.push('id' in before ? before.id : before.at.toISOString());
    }
    const rows = await this.db.query<Row>(
      `SELECT id, at, actor, action, target, reason, details FROM moderation_audit ${where} ORDER BY id DESC LIMIT $1`,
      params,
    );
    return rows.map((row) => ({
      ...row,
      id: String(row.id),
      at: row.at instanceof Date ? row.at : new Date(row.at),
      details: typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : row.details,
    }));
  }
}
