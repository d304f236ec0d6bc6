import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientRoute } from '../auth/route-group.decorator';
import { SignalingStatsDto } from './dto/signaling-stats.dto';
import { SignalingStatsService } from './signaling-stats.service';

@ApiTags('signaling')
@ClientRoute()
@Controller('api/v1/signaling')
export class SignalingController {
  constructor(private readonly stats: SignalingStatsService) {}

  @Get('stats')
  @ApiOperation({ summary: 'WebSocket connections and live sessions, for this node and the cluster' })
  @ApiOkResponse({ type: SignalingStatsDto })
  getSignalingStats(): Promise<SignalingStatsDto> {
    return this.stats.collect();
  }
}
