import { Injectable, Logger, Optional } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { isDatabaseUnavailable } from '../common/errors/database-errors';
import { AppConfig } from '../config/app-config';
import { StateHealth } from '../state/state-health';
import { DashboardDto } from './dto/dashboard.dto';
import { HostStatsDto } from './dto/host-stats.dto';
import { MonitoringOverview, round2 } from './monitoring-overview';
import { MonitoringRepository } from './monitoring.repository';
import { overviewGauges, renderGauges, upGauge } from './prometheus-text';

/** Dashboard, host-quality statistics and the Prometheus text, all from grouped queries. */
@Injectable()
export class MonitoringService {
  private readonly logger = new Logger(MonitoringService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly repository: MonitoringRepository,
    @Optional() private readonly state?: StateHealth,
  ) {}

  /** The counts and averages behind the dashboard, for the reference gauges on /metrics. */
  overview(): Promise<MonitoringOverview> {
    return this.repository.overview();
  }

  /** A database failure propagates (503 DATABASE_UNAVAILABLE): a dashboard of zeros would lie. */
  async dashboard(): Promise<DashboardDto> {
    const [overview, redis] = await Promise.all([this.repository.overview(), this.redisStatus()]);
    const { hosts, zones, sessions } = overview;
    return {
      hosts: {
        total: hosts.total,
        online: hosts.online,
        offline: hosts.total - hosts.online,
        average_quality_score: round2(hosts.averageQualityScore),
      },
      zones: { total: zones.total, enabled: zones.enabled, disabled: zones.total - zones.enabled },
      sessions: {
        total: sessions.total,
        active: sessions.active,
        inactive: sessions.total - sessions.active,
        total_players: sessions.totalPlayers,
        average_latency_ms: round2(sessions.averageLatencyMs),
      },
      // The overview query just succeeded, which is the health check.
      system: { postgres: 'healthy', redis },
    };
  }

  async hostStats(): Promise<HostStatsDto> {
    const { totalOnline, distribution } = await this.repository.onlineQuality();
    return { total_online: totalOnline, quality_distribution: distribution };
  }

  /**
   * The gauges in Prometheus text. With the database unreachable only `p2p_coordinator_up 0` is
   * exposed: the node itself answers, and gauges it cannot read are left absent, not zeroed.
   */
  async prometheus(): Promise<string> {
    if (!this.config.metrics.enabled) {
      throw new AppError('NOT_FOUND', 'Metrics endpoint is disabled');
    }
    try {
      return renderGauges(overviewGauges(await this.repository.overview()));
    } catch (error) {
      if (!isDatabaseUnavailable(error)) {
        throw error;
      }
      this.logger.warn(`Metrics without database: ${(error as Error).message}`);
      return renderGauges([upGauge(false)]);
    }
  }

  private async redisStatus(): Promise<'healthy' | 'unhealthy' | 'embedded'> {
    if (!this.state || this.state.mode === 'memory') {
      return 'embedded';
    }
    try {
      return (await this.state.ping()) === 'up' ? 'healthy' : 'embedded';
    } catch {
      return 'unhealthy';
    }
  }
}
