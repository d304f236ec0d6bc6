import { Controller, Get, Header } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AdminRoute } from '../auth/route-group.decorator';
import { DashboardDto } from './dto/dashboard.dto';
import { HostStatsDto } from './dto/host-stats.dto';
import { MonitoringService } from './monitoring.service';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text';

const DB_DOWN = { description: 'DATABASE_UNAVAILABLE' };

@ApiTags('monitoring')
@AdminRoute()
@Controller('api/v1/monitoring')
export class MonitoringController {
  constructor(private readonly monitoring: MonitoringService) {}

  @Get('dashboard')
  @ApiOperation({ summary: 'Hosts, zones and sessions at a glance, with dependency status' })
  @ApiOkResponse({ type: DashboardDto })
  @ApiServiceUnavailableResponse(DB_DOWN)
  getDashboard(): Promise<DashboardDto> {
    return this.monitoring.dashboard();
  }

  @Get('hosts/stats')
  @ApiOperation({ summary: 'Online hosts by quality-score bucket' })
  @ApiOkResponse({ type: HostStatsDto })
  @ApiServiceUnavailableResponse(DB_DOWN)
  getHostStats(): Promise<HostStatsDto> {
    return this.monitoring.hostStats();
  }

  @Get('metrics')
  @Header('content-type', PROMETHEUS_CONTENT_TYPE)
  @ApiOperation({ summary: 'Coordinator gauges in the Prometheus text format' })
  @ApiProduces(PROMETHEUS_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'Prometheus text exposition (gauges, no labels)',
    schema: { type: 'string', example: 'p2p_hosts_online 3' },
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: PROMETHEUS_ENABLED=false' })
  getPrometheusMetrics(): Promise<string> {
    return this.monitoring.prometheus();
  }
}
