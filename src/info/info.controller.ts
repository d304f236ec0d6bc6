import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '../auth/route-group.decorator';
import { ServiceInfoDto } from './service-info.dto';
import { ServiceInfoService } from './service-info.service';

@ApiTags('health')
@PublicRoute()
@Controller()
export class InfoController {
  constructor(private readonly info: ServiceInfoService) {}

  @Get()
  @ApiOperation({ summary: 'Service information' })
  @ApiOkResponse({ type: ServiceInfoDto })
  getServiceInfo(): Promise<ServiceInfoDto> {
    return this.info.describe();
  }
}
