import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Gauge as PromGauge, MetricObjectWithValues, MetricValue, register } from 'prom-client';
import { overviewGauges } from '../monitoring/prometheus-text';
import { DatabaseSnapshot, DatabaseSnapshotReader, QUALITY_BUCKETS } from './database-snapshot';
import { counter, gauge } from './metric-factory';

/** Scrapes within this window share one set of queries, so several Prometheus servers cannot hammer PostgreSQL. */
export const SNAPSHOT_CACHE_MS = 5_000;

const ZERO_OVERVIEW = {
  hosts: { total: 0, online: 0, averageQualityScore: 0 },
  zones: { total: 0, enabled: 0, p2pEnabled: 0 },
  sessions: { total: 0, active: 0, totalPlayers: 0, averageLatencyMs: 0 },
};

const refreshErrors = counter({
  name: 'p2p_metrics_refresh_errors_total',
  help: 'Scrape-time database reads that failed (the last values were kept)',
});

/**
 * The metrics live in the process-wide registry and outlive an app (tests build several), so their
 * collect() asks the most recently started live DatabaseGauges instead of closing over one.
 */
const live = new Set<DatabaseGauges>();
const collectFrom = async (apply: (snapshot: DatabaseSnapshot, up: boolean) => void): Promise<void> => {
  const current = [...live].pop();
  const snapshot = current ? await current.snapshot() : undefined;
  if (current && snapshot) {
    apply(snapshot, current.up);
  }
};

// The earlier coordinator's gauges, by the names its dashboards use (one source: prometheus-text.ts).
for (const { name, help } of overviewGauges(ZERO_OVERVIEW)) {
  gauge({
    name,
    help,
    async collect() {
      await collectFrom((snapshot, up) => {
        const value =
          name === 'p2p_coordinator_up'
            ? Number(up)
            : overviewGauges(snapshot.overview).find((g) => g.name === name)?.value;
        this.set(value ?? 0);
      });
    },
  });
}

gauge({
  name: 'p2p_hosts',
  help: 'Registered hosts by status',
  labelNames: ['status'],
  async collect() {
    await collectFrom(({ hostsByStatus }) => {
      this.reset();
      for (const status of ['online', 'offline', 'busy', 'maintenance']) {
        this.set({ status }, hostsByStatus.find((row) => row.status === status)?.count ?? 0);
      }
    });
  },
});

gauge({
  name: 'p2p_sessions',
  help: 'Stored sessions by status and zone',
  labelNames: ['status', 'zone'],
  async collect() {
    await collectFrom(({ sessions }) => {
      this.reset();
      for (const row of sessions) {
        this.set({ status: row.status, zone: row.zone }, row.count);
      }
    });
  },
});

gauge({
  name: 'p2p_zone_players',
  help: 'Players in pending or active sessions, by zone',
  labelNames: ['zone'],
  async collect() {
    await collectFrom(({ sessions }) => {
      this.reset();
      const byZone = new Map<string, number>();
      for (const row of sessions.filter((r) => r.status === 'active' || r.status === 'pending')) {
        byZone.set(row.zone, (byZone.get(row.zone) ?? 0) + row.players);
      }
      byZone.forEach((players, zone) => this.set({ zone }, players));
    });
  },
});

/** A histogram whose buckets come from one grouped query rather than from observe() calls. */
const QUALITY_NAME = 'p2p_host_quality_score';
let quality: DatabaseSnapshot['quality'] = { buckets: QUALITY_BUCKETS.map(() => 0), count: 0, sum: 0 };
const qualityHistogram = {
  name: QUALITY_NAME,
  help: 'Quality score (0-100) of online hosts',
  type: 'histogram',
  aggregator: 'sum',
  async get(): Promise<MetricObjectWithValues<MetricValue<string>>> {
    await collectFrom((snapshot) => {
      quality = snapshot.quality;
    });
    const bucket = (le: string, value: number) => ({ metricName: `${QUALITY_NAME}_bucket`, labels: { le }, value });
    const values = [
      ...QUALITY_BUCKETS.map((le, i) => bucket(String(le), quality.buckets[i])),
      bucket('+Inf', quality.count),
      { metricName: `${QUALITY_NAME}_sum`, labels: {}, value: quality.sum },
      { metricName: `${QUALITY_NAME}_count`, labels: {}, value: quality.count },
    ];
    return {
      name: QUALITY_NAME,
      help: this.help,
      type: 'histogram',
      aggregator: 'sum',
      values,
    } as unknown as MetricObjectWithValues<MetricValue<string>>;
  },
};
if (!register.getSingleMetric(QUALITY_NAME)) {
  register.registerMetric(qualityHistogram as unknown as PromGauge);
}

/** Caches one database snapshot per SNAPSHOT_CACHE_MS; on failure keeps the last one and counts the error. */
@Injectable()
export class DatabaseGauges implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DatabaseGauges.name);
  private last?: DatabaseSnapshot;
  private fetchedAt = 0;
  private pending?: Promise<void>;
  up = false;

  constructor(private readonly reader: DatabaseSnapshotReader) {}

  onModuleInit(): void {
    live.add(this);
  }

  onModuleDestroy(): void {
    live.delete(this);
  }

  async snapshot(): Promise<DatabaseSnapshot | undefined> {
    if (Date.now() - this.fetchedAt >= SNAPSHOT_CACHE_MS) {
      this.pending ??= this.refresh();
      await this.pending;
    }
    return this.last ?? (this.up ? undefined : { overview: ZERO_OVERVIEW, hostsByStatus: [], quality, sessions: [] });
  }

  private async refresh(): Promise<void> {
    try {
      this.last = await this.reader.read();
      this.up = true;
    } catch (error) {
      this.up = false;
      refreshErrors.inc();
      this.logger.warn(`Metrics kept their last values: ${(error as Error).message}`);
    } finally {
      this.fetchedAt = Date.now();
      this.pending = undefined;
    }
  }
}
