import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.service';
import type { AvailabilityCriteria, HostMinimums } from './host-placement';
import { HostStatusCount, QualityHistogram } from './host-stats';
import { HostRecord, HostStatus, IceServer } from './host.record';
import { qualityScoreSql } from './quality-score.sql';

/** What a registration writes; the score is derived from it and the host's current live metrics. */
export interface HostRegistration {
  host_id: string;
  player_id: string;
  player_name: string;
  ip_address: string;
  port: number;
  public_ip: string | null;
  cpu_cores: number;
  cpu_frequency_mhz: number;
  memory_mb: number;
  network_speed_mbps: number;
  max_players: number;
  max_zones: number;
  ice_servers: IceServer[] | null;
  eligible: boolean;
}

export interface LiveMetrics {
  latency_ms: number;
  packet_loss_percent: number;
  current_players: number;
}

export interface HeartbeatMetrics extends LiveMetrics {
  bandwidth_usage_mbps: number;
  current_zones: number;
}

export interface HostListFilter {
  status?: HostStatus;
  minQualityScore: number;
  limit: number;
  offset: number;
}

const FRESH_METRICS: LiveMetrics = { latency_ms: 0, packet_loss_percent: 0, current_players: 0 };

const REGISTRATION_COLUMNS = [
  'host_id',
  'player_id',
  'player_name',
  'ip_address',
  'port',
  'public_ip',
  'cpu_cores',
  'cpu_frequency_mhz',
  'memory_mb',
  'network_speed_mbps',
  'max_players',
  'max_zones',
  'ice_servers',
  'eligible',
] as const satisfies readonly (keyof HostRegistration)[];

const placeholder = (column: string, index: number): string =>
  column === 'ice_servers' ? `$${index + 1}::jsonb` : `$${index + 1}`;

// Re-registration overwrites identity, network and hardware but keeps the live metrics and counters.
const UPSERT_SQL = `
  INSERT INTO hosts (${REGISTRATION_COLUMNS.join(', ')}, quality_score, status, last_heartbeat, registered_at, created_at, updated_at)
  VALUES (${REGISTRATION_COLUMNS.map(placeholder).join(', ')}, $${REGISTRATION_COLUMNS.length + 1}, 'online', now(), now(), now(), now())
  ON CONFLICT (host_id) DO UPDATE SET
    ${REGISTRATION_COLUMNS.filter((column) => column !== 'host_id')
      .map((column) => `${column} = EXCLUDED.${column}`)
      .join(', ')},
    quality_score = EXCLUDED.quality_score, status = 'online', last_heartbeat = now(), registered_at = now(),
    updated_at = now()
  WHERE $${REGISTRATION_COLUMNS.length + 2}::text IS NULL OR hosts.player_id = $${REGISTRATION_COLUMNS.length + 2}::text
  RETURNING *`;

// UPDATE/DELETE ... RETURNING are wrapped in a CTE: the pg driver answers a bare UPDATE with
// [rows, count] while the embedded driver answers with rows, and a SELECT reads the same on both.
// One statement does the whole heartbeat: ownership is part of the WHERE clause ($7, the restricted
// caller, or NULL for anyone) and the score is computed from the new metrics and the row's hardware.
const HEARTBEAT_SQL = `
  WITH updated AS (
    UPDATE hosts SET latency_ms = $2, packet_loss_percent = $3, bandwidth_usage_mbps = $4, current_players = $5,
      current_zones = $6, last_heartbeat = now(), updated_at = now(),
      status = CASE WHEN status = 'offline' THEN 'online' ELSE status END,
      quality_score = ${qualityScoreSql({
        latency_ms: '$2',
        packet_loss_percent: '$3',
        current_players: '$5::int',
        max_players: 'max_players',
        cpu_cores: 'cpu_cores',
        memory_mb: 'memory_mb',
        network_speed_mbps: 'network_speed_mbps',
      })}
    WHERE host_id = $1 AND ($7::text IS NULL OR player_id = $7::text)
    RETURNING *)
  SELECT * FROM updated`;

// Mirrors checkSelection(): a heartbeat since the last registration, and a recent one.
const AVAILABLE_SQL = `
  SELECT * FROM hosts
  WHERE status = 'online' AND eligible
    AND current_players < max_players AND current_zones < max_zones
    AND last_heartbeat >= now() - $1::int * interval '1 minute'
    AND last_heartbeat > registered_at AND last_heartbeat >= now() - $6::int * interval '1 second'
    AND quality_score >= $2 AND network_speed_mbps >= $3 AND latency_ms <= $4
  ORDER BY quality_score DESC, current_players ASC, host_id ASC
  LIMIT $5`;

// Sessions of a host that went silent keep running as host-less mesh sessions (their peers are still
// connected to each other). Two statements, sessions first: session changes lock the session row
// before the host row, so locking hosts first here would deadlock with them.
const DETACH_STALE_SQL = `
  WITH detached AS (
    UPDATE p2p_sessions SET host_id = NULL, updated_at = now()
    WHERE status IN ('pending', 'active') AND host_id IN (
      SELECT id FROM hosts
      WHERE status = 'online' AND (last_heartbeat IS NULL OR last_heartbeat < now() - $1::int * interval '1 minute'))
    RETURNING id)
  SELECT count(*)::int AS sessions FROM detached`;

const MARK_STALE_OFFLINE_SQL = `
  WITH stale AS (
    UPDATE hosts SET status = 'offline', updated_at = now()
    WHERE status = 'online' AND (last_heartbeat IS NULL OR last_heartbeat < now() - $1::int * interval '1 minute')
    RETURNING id)
  SELECT count(*)::int AS hosts FROM stale`;

// Mirrors isEligible() so a change of the MIN_* settings applies to hosts registered before it.
const REFRESH_ELIGIBILITY_SQL = `
  WITH updated AS (
    UPDATE hosts SET eligible = NOT eligible, updated_at = now()
    WHERE eligible <> (cpu_cores >= $1 AND cpu_frequency_mhz >= $2 AND memory_mb >= $3 AND network_speed_mbps >= $4)
    RETURNING id)
  SELECT count(*)::int AS count FROM updated`;

const STATUS_COUNTS_SQL = 'SELECT status, count(*)::int AS count FROM hosts GROUP BY status';

/** One grouped scan whatever the number of hosts; `bounds` are numbers, so they are written in as literals. */
const qualityHistogramSql = (bounds: readonly number[]): string => `
  SELECT ${bounds.map((le, i) => `count(*) FILTER (WHERE quality_score <= ${le})::int AS le_${i}`).join(', ')},
         count(*)::int AS count, COALESCE(sum(quality_score), 0)::float8 AS sum
    FROM hosts WHERE status = 'online'`;

@Injectable()
export class HostsRepository {
  constructor(private readonly db: Database) {}

  async findByHostId(hostId: string): Promise<HostRecord | undefined> {
    const rows = await this.db.query<HostRecord>('SELECT * FROM hosts WHERE host_id = $1', [hostId]);
    return rows[0];
  }

  /**
   * Insert or overwrite; `scoreFor` sees the live metrics the row keeps (zeros for a new host).
   * With `owner`, an existing row is only overwritten if that player owns it, decided under the row
   * lock (two players registering one new host_id at once: the first commit wins); undefined when
   * another player owns it.
   */
  upsert(
    host: HostRegistration,
    scoreFor: (live: LiveMetrics) => number,
    owner: string | null = null,
  ): Promise<HostRecord | undefined> {
    return this.db.transaction(async (tx) => {
      const [existing] = await tx.query<HostRecord>('SELECT * FROM hosts WHERE host_id = $1 FOR UPDATE', [
        host.host_id,
      ]);
      const score = scoreFor(existing ?? FRESH_METRICS);
      const params = REGISTRATION_COLUMNS.map((column) =>
        column === 'ice_servers' && host.ice_servers !== null ? JSON.stringify(host.ice_servers) : host[column],
      );
      const rows = await tx.query<HostRecord>(UPSERT_SQL, [...params, score, owner]);
      return rows[0];
    });
  }

  /**
   * Stores the metrics and the recomputed score in one statement. With `owner`, only a host that
   * player registered is touched. Undefined when no row matched: the host does not exist or, with
   * `owner`, belongs to another player (ownerOf tells them apart on that path only).
   */
  async recordHeartbeat(
    hostId: string,
    metrics: HeartbeatMetrics,
    owner: string | null = null,
  ): Promise<HostRecord | undefined> {
    const rows = await this.db.query<HostRecord>(HEARTBEAT_SQL, [
      hostId,
      metrics.latency_ms,
      metrics.packet_loss_percent,
      metrics.bandwidth_usage_mbps,
      metrics.current_players,
      metrics.current_zones,
      owner,
    ]);
    return rows[0];
  }

  /** The player who registered the host, undefined when there is no such host. */
  async ownerOf(hostId: string): Promise<string | undefined> {
    const rows = await this.db.query<{ player_id: string }>('SELECT player_id FROM hosts WHERE host_id = $1', [hostId]);
    return rows[0]?.player_id;
  }

  list(filter: HostListFilter): Promise<HostRecord[]> {
    return this.db.query<HostRecord>(
      `SELECT * FROM hosts WHERE ($1::text IS NULL OR status = $1::text) AND quality_score >= $2
       ORDER BY quality_score DESC, host_id ASC LIMIT $3 OFFSET $4`,
      [filter.status ?? null, filter.minQualityScore, filter.limit, filter.offset],
    );
  }

  /** Hosts automatic placement may choose (see checkSelection), best first. */
  findAvailable(criteria: AvailabilityCriteria, limit: number): Promise<HostRecord[]> {
    return this.db.query<HostRecord>(AVAILABLE_SQL, [
      criteria.heartbeatTimeoutMinutes,
      criteria.minQualityScore,
      criteria.minBandwidthMbps,
      criteria.maxLatencyMs,
      limit,
      criteria.selectionTimeoutSeconds,
    ]);
  }

  /** Sessions go with the host (ON DELETE CASCADE). */
  async deleteByHostId(hostId: string): Promise<boolean> {
    const rows = await this.db.query<{ count: number }>(
      'WITH deleted AS (DELETE FROM hosts WHERE host_id = $1 RETURNING id) SELECT count(*)::int AS count FROM deleted',
      [hostId],
    );
    return rows[0].count > 0;
  }

  async markStaleOffline(timeoutMinutes: number): Promise<{ hosts: number; sessions: number }> {
    const [{ sessions }] = await this.db.query<{ sessions: number }>(DETACH_STALE_SQL, [timeoutMinutes]);
    const [{ hosts }] = await this.db.query<{ hosts: number }>(MARK_STALE_OFFLINE_SQL, [timeoutMinutes]);
    return { hosts, sessions };
  }

  async refreshEligibility(minimums: HostMinimums): Promise<number> {
    const rows = await this.db.query<{ count: number }>(REFRESH_ELIGIBILITY_SQL, [
      minimums.cpuCores,
      minimums.cpuFrequencyMhz,
      minimums.memoryMb,
      minimums.networkSpeedMbps,
    ]);
    return rows[0].count;
  }

  countByStatus(): Promise<HostStatusCount[]> {
    return this.db.query<HostStatusCount>(STATUS_COUNTS_SQL);
  }

  async onlineQualityHistogram(bounds: readonly number[]): Promise<QualityHistogram> {
    const [row] = await this.db.query<Record<string, number>>(qualityHistogramSql(bounds));
    return { buckets: bounds.map((_, i) => row[`le_${i}`]), count: row.count, sum: row.sum };
  }
}
