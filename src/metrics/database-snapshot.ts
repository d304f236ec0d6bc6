import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.service';
import { MonitoringOverview } from '../monitoring/monitoring-overview';
import { MonitoringRepository } from '../monitoring/monitoring.repository';

/** Upper bounds of the host quality histogram (the score is 0–100). */
export const QUALITY_BUCKETS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] as const;

export interface DatabaseSnapshot {
  overview: MonitoringOverview;
  hostsByStatus: { status: string; count: number }[];
  /** Cumulative counts of online hosts per bucket of QUALITY_BUCKETS, then count and sum. */
  quality: { buckets: number[]; count: number; sum: number };
  sessions: { status: string; zone: string; count: number; players: number }[];
}

const HOSTS_BY_STATUS_SQL = 'SELECT status, count(*)::int AS count FROM hosts GROUP BY status';

const QUALITY_SQL = `
  SELECT ${QUALITY_BUCKETS.map((le) => `count(*) FILTER (WHERE quality_score <= ${le})::int AS le_${le}`).join(', ')},
         count(*)::int AS count, COALESCE(sum(quality_score), 0)::float8 AS sum
    FROM hosts WHERE status = 'online'`;

const SESSIONS_SQL = `
  SELECT s.status, z.zone_id AS zone, count(*)::int AS count, COALESCE(sum(s.current_players), 0)::int AS players
    FROM p2p_sessions s JOIN zones z ON z.id = s.zone_id
   GROUP BY s.status, z.zone_id`;

/** The grouped queries behind the database-backed gauges: four statements per refresh, whatever the table sizes. */
@Injectable()
export class DatabaseSnapshotReader {
  constructor(
    private readonly db: Database,
    private readonly monitoring: MonitoringRepository,
  ) {}

  async read(): Promise<DatabaseSnapshot> {
    const overview = await this.monitoring.overview();
    const hostsByStatus = await this.db.query<{ status: string; count: number }>(HOSTS_BY_STATUS_SQL);
    const [quality] = await this.db.query<Record<string, number>>(QUALITY_SQL);
    const sessions = await this.db.query<{ status: string; zone: string; count: number; players: number }>(SESSIONS_SQL);
    return {
      overview,
      hostsByStatus,
      quality: { buckets: QUALITY_BUCKETS.map((le) => quality[`le_${le}`]), count: quality.count, sum: quality.sum },
      sessions,
    };
  }
}
