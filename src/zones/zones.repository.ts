import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.service';
import { ZoneSettings } from './zone-rules';
import { ZoneRecord, ZoneStatus } from './zone.record';

const SETTING_COLUMNS = [
  'zone_name',
  'zone_display_name',
  'map_name',
  'max_players',
  'recommended_players',
  'p2p_enabled',
  'p2p_priority',
  'fallback_enabled',
  'min_host_quality_score',
  'min_bandwidth_mbps',
  'max_latency_ms',
  'description',
] as const satisfies readonly (keyof ZoneSettings)[];

const INSERT_SQL = `
  INSERT INTO zones (zone_id, ${SETTING_COLUMNS.join(', ')}, status)
  VALUES ($1, ${SETTING_COLUMNS.map((_column, index) => `$${index + 2}`).join(', ')}, 'enabled')`;

// A re-post overwrites the definition but never the status or the statistics.
const UPSERT_SQL = `${INSERT_SQL}
  ON CONFLICT (zone_id) DO UPDATE SET
    ${SETTING_COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}, updated_at = now()
  RETURNING *`;

const INSERT_IF_MISSING_SQL = `${INSERT_SQL} ON CONFLICT (zone_id) DO NOTHING RETURNING zone_id`;

export interface ZoneListFilter {
  p2pEnabled?: boolean;
  status?: ZoneStatus;
}

// UPDATE ... RETURNING is wrapped in a CTE: the pg driver answers a bare UPDATE with [rows, count]
// while the embedded driver answers with rows, and a SELECT reads the same on both.
const updateSql = (assignments: string): string =>
  `WITH updated AS (UPDATE zones SET ${assignments}, updated_at = now() WHERE zone_id = $1 RETURNING *) SELECT * FROM updated`;

@Injectable()
export class ZonesRepository {
  constructor(private readonly db: Database) {}

  async findByZoneId(zoneId: string): Promise<ZoneRecord | undefined> {
    const rows = await this.db.query<ZoneRecord>('SELECT * FROM zones WHERE zone_id = $1', [zoneId]);
    return rows[0];
  }

  async upsert(zoneId: string, settings: ZoneSettings): Promise<ZoneRecord> {
    const rows = await this.db.query<ZoneRecord>(UPSERT_SQL, [
      zoneId,
      ...SETTING_COLUMNS.map((column) => settings[column]),
    ]);
    return rows[0];
  }

  /** True when the zone was created, false when it already existed (it is left untouched). */
  async insertIfMissing(zoneId: string, settings: ZoneSettings): Promise<boolean> {
    const rows = await this.db.query(INSERT_IF_MISSING_SQL, [
      zoneId,
      ...SETTING_COLUMNS.map((column) => settings[column]),
    ]);
    return rows.length > 0;
  }

  list(filter: ZoneListFilter): Promise<ZoneRecord[]> {
    return this.db.query<ZoneRecord>(
      `SELECT * FROM zones WHERE ($1::boolean IS NULL OR p2p_enabled = $1::boolean) AND ($2::text IS NULL OR status = $2::text)
       ORDER BY p2p_priority DESC, zone_name ASC, zone_id ASC`,
      [filter.p2pEnabled ?? null, filter.status ?? null],
    );
  }

  listP2pReady(): Promise<ZoneRecord[]> {
    return this.db.query<ZoneRecord>(
      `SELECT * FROM zones WHERE p2p_enabled AND status = 'enabled' ORDER BY p2p_priority DESC, zone_name ASC, zone_id ASC`,
    );
  }

  /**
   * Applies the given fields under a row lock; `check` sees the merged zone first and may throw to
   * abort. Undefined when the zone does not exist.
   */
  updateSettings(
    zoneId: string,
    changes: Partial<ZoneSettings>,
    check: (merged: ZoneRecord) => void,
  ): Promise<ZoneRecord | undefined> {
    return this.db.transaction(async (tx) => {
      const [zone] = await tx.query<ZoneRecord>('SELECT * FROM zones WHERE zone_id = $1 FOR UPDATE', [zoneId]);
      if (!zone) {
        return undefined;
      }
      check({ ...zone, ...changes });
      const columns = SETTING_COLUMNS.filter((column) => changes[column] !== undefined);
      const assignments = columns.map((column, index) => `${column} = $${index + 2}`).join(', ');
      const rows = await tx.query<ZoneRecord>(updateSql(assignments), [
        zoneId,
        ...columns.map((column) => changes[column]),
      ]);
      return rows[0];
    });
  }

  async setP2pEnabled(zoneId: string, enabled: boolean): Promise<ZoneRecord | undefined> {
    const rows = await this.db.query<ZoneRecord>(updateSql('p2p_enabled = $2'), [zoneId, enabled]);
    return rows[0];
  }

  async setStatus(zoneId: string, status: ZoneStatus): Promise<ZoneRecord | undefined> {
    const rows = await this.db.query<ZoneRecord>(updateSql('status = $2'), [zoneId, status]);
    return rows[0];
  }
}
