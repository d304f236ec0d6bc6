import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IceServersQueryDto, IceServersResponseDto } from './ice-servers.dto';
import { IceServersService } from './ice-servers.service';

@ApiTags('signaling')
@Controller('api/v1/ice-servers')
export class IceServersController {
  constructor(private readonly iceServers: IceServersService) {}

  @Get()
  @ApiOperation({ summary: 'STUN and TURN servers for a peer, with ephemeral TURN credentials when TURN_SECRET is set' })
  @ApiOkResponse({ type: IceServersResponseDto })
  getIceServers(@Query() query: IceServersQueryDto): IceServersResponseDto {
    return this.iceServers.forPeer(query.peer_id ?? 'anonymous');
  }
}
