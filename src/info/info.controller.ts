import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '../auth/route-group.decorator';
import { AppConfig } from '../config/app-config';
import { ServiceInfoDto } from './service-info.dto';

@ApiTags('health')
@PublicRoute()
@Controller()
export class InfoController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'Service information' })
  @ApiOkResponse({ type: ServiceInfoDto })
  getServiceInfo(): ServiceInfoDto {
    const { service, p2p, db, redis } = this.config;
    return {
      service: service.name,
      version: service.version,
      status: 'running',
      p2p_enabled: p2p.enabled,
      enabled_zones: p2p.enabledZones,
      node_id: service.nodeId,
      mode: db.embedded || !redis.url ? 'embedded-single-node' : 'cluster',
    };
  }
}
