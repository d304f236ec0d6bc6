import { Injectable } from '@nestjs/common';
import { HostStatusCount, QualityHistogram } from '../hosts/host-stats';
import { HostsService } from '../hosts/hosts.service';
import { MonitoringOverview } from '../monitoring/monitoring-overview';
import { MonitoringService } from '../monitoring/monitoring.service';
import { SessionTally } from '../sessions/session-tally';
import { SessionsService } from '../sessions/sessions.service';

/** Upper bounds of the host quality histogram (the score is 0–100). */
export const QUALITY_BUCKETS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] as const;

export interface DatabaseSnapshot {
  overview: MonitoringOverview;
  hostsByStatus: HostStatusCount[];
  /** Cumulative counts of online hosts per bucket of QUALITY_BUCKETS, then count and sum. */
  quality: QualityHistogram;
  sessions: SessionTally[];
}

/**
 * The reads behind the database-backed gauges, each through the service of the module that owns the
 * table: four grouped statements per refresh, whatever the table sizes, one after the other.
 */
@Injectable()
export class DatabaseSnapshotReader {
  constructor(
    private readonly monitoring: MonitoringService,
    private readonly hosts: HostsService,
    private readonly sessions: SessionsService,
  ) {}

  async read(): Promise<DatabaseSnapshot> {
    const overview = await this.monitoring.overview();
    const hostsByStatus = await this.hosts.countByStatus();
    const quality = await this.hosts.onlineQualityHistogram(QUALITY_BUCKETS);
    const sessions = await this.sessions.tallyByStatusAndZone();
    return { overview, hostsByStatus, quality, sessions };
  }
}
