import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.service';
import { MonitoringOverview, QualityDistribution } from './monitoring-overview';

interface OverviewRow {
  hosts_total: number;
  hosts_online: number;
  hosts_quality_avg: number;
  zones_total: number;
  zones_enabled: number;
  zones_p2p_enabled: number;
  sessions_total: number;
  sessions_active: number;
  sessions_players: number;
  sessions_latency_avg: number;
}

/**
 * One grouped scan per table (FILTER clauses instead of a query per number), joined into a single
 * statement so every figure comes from the same snapshot. Casts keep bigint and numeric results
 * numbers on every driver.
 */
const OVERVIEW_SQL = `
  SELECT h.*, z.*, s.*
    FROM (SELECT count(*)::int AS hosts_total,
                 count(*) FILTER (WHERE status = 'online')::int AS hosts_online,
                 COALESCE(avg(quality_score) FILTER (WHERE status = 'online'), 0)::float8 AS hosts_quality_avg
            FROM hosts) h
   CROSS JOIN
         (SELECT count(*)::int AS zones_total,
                 count(*) FILTER (WHERE status = 'enabled')::int AS zones_enabled,
                 count(*) FILTER (WHERE status = 'enabled' AND p2p_enabled)::int AS zones_p2p_enabled
            FROM zones) z
   CROSS JOIN
         (SELECT count(*)::int AS sessions_total,
                 count(*) FILTER (WHERE status = 'active')::int AS sessions_active,
                 COALESCE(sum(current_players) FILTER (WHERE status = 'active'), 0)::int AS sessions_players,
                 COALESCE(avg(average_latency_ms) FILTER (WHERE status = 'active'), 0)::float8 AS sessions_latency_avg
            FROM p2p_sessions) s`;

const QUALITY_SQL = `
  SELECT count(*)::int AS total_online,
         count(*) FILTER (WHERE quality_score >= 90)::int AS excellent,
         count(*) FILTER (WHERE quality_score >= 70 AND quality_score < 90)::int AS good,
         count(*) FILTER (WHERE quality_score >= 50 AND quality_score < 70)::int AS fair,
         count(*) FILTER (WHERE quality_score < 50)::int AS poor
    FROM hosts WHERE status = 'online'`;

@Injectable()
export class MonitoringRepository {
  constructor(private readonly db: Database) {}

  async overview(): Promise<MonitoringOverview> {
    const [row] = await this.db.query<OverviewRow>(OVERVIEW_SQL);
    return {
      hosts: { total: row.hosts_total, online: row.hosts_online, averageQualityScore: row.hosts_quality_avg },
      zones: { total: row.zones_total, enabled: row.zones_enabled, p2pEnabled: row.zones_p2p_enabled },
      sessions: {
        total: row.sessions_total,
        active: row.sessions_active,
        totalPlayers: row.sessions_players,
        averageLatencyMs: row.sessions_latency_avg,
      },
    };
  }

  async onlineQuality(): Promise<{ totalOnline: number; distribution: QualityDistribution }> {
    const [row] = await this.db.query<QualityDistribution & { total_online: number }>(QUALITY_SQL);
    const { total_online: totalOnline, excellent, good, fair, poor } = row;
    return { totalOnline, distribution: { excellent, good, fair, poor } };
  }
}
