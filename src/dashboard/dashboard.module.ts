import { Module } from '@nestjs/common';
import { HostsModule } from '../hosts/hosts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { SignalingModule } from '../signaling/signaling.module';
import { ZonesModule } from '../zones/zones.module';
import { DashboardHttp } from './dashboard-http';
import { DashboardOverviewService } from './dashboard-overview.service';
import { DashboardStreamService } from './dashboard-stream.service';
import { DashboardController } from './dashboard.controller';
import { TrafficHistory } from './traffic-history.service';
import { ZoneMapService } from './zone-map.service';

/** The live admin dashboard at /dashboard. */
@Module({
  imports: [HostsModule, SessionsModule, SignalingModule, ZonesModule],
  controllers: [DashboardController],
  providers: [DashboardHttp, DashboardOverviewService, DashboardStreamService, TrafficHistory, ZoneMapService],
})
export class DashboardModule {}
