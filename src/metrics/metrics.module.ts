import { DynamicModule, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { AppConfig } from '../config/app-config';
import { HostsModule } from '../hosts/hosts.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { SessionsModule } from '../sessions/sessions.module';
import { DatabaseGauges } from './database-gauges';
import { DatabaseSnapshotReader } from './database-snapshot';
import { ensureDefaultMetrics } from './default-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsListener } from './metrics-listener.service';

/**
 * Prometheus metrics: `/metrics` on the main port (outside /api/v1) and the separate listener.
 * With PROMETHEUS_ENABLED=false neither exists (404) and nothing is read on scrape.
 */
@Module({})
export class MetricsModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.metrics.enabled) {
      return { module: MetricsModule, providers: [MetricsListener], exports: [MetricsListener] };
    }
    ensureDefaultMetrics();
    return {
      module: MetricsModule,
      imports: [
        // Default metrics are started above, once per process: prom-client throws on a second call.
        PrometheusModule.register({
          path: '/metrics',
          controller: MetricsController,
          defaultMetrics: { enabled: false },
        }),
        // The database-backed gauges read through these modules' services.
        HostsModule,
        MonitoringModule,
        SessionsModule,
      ],
      providers: [MetricsListener, DatabaseSnapshotReader, DatabaseGauges],
      exports: [MetricsListener],
    };
  }
}
