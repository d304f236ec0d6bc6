import { Module } from '@nestjs/common';
import { MonitoringController } from './monitoring.controller';
import { MonitoringRepository } from './monitoring.repository';
import { MonitoringService } from './monitoring.service';

@Module({
  controllers: [MonitoringController],
  providers: [MonitoringRepository, MonitoringService],
  // The metrics module reads the same overview for the reference gauges on /metrics.
  exports: [MonitoringService],
})
export class MonitoringModule {}
