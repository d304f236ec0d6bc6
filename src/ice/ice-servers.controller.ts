import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Principal } from '../auth/principal';
import { ClientRoute } from '../auth/route-group.decorator';
import { IceServersQueryDto, IceServersResponseDto } from './ice-servers.dto';
import { IceServersService } from './ice-servers.service';

@ApiTags('signaling')
@ClientRoute()
@Controller('api/v1/ice-servers')
export class IceServersController {
  constructor(private readonly iceServers: IceServersService) {}

  @Get()
  @ApiOperation({
    summary: 'STUN and TURN servers for a peer, with ephemeral TURN credentials when TURN_SECRET is set',
  })
  @ApiOkResponse({ type: IceServersResponseDto })
  getIceServers(@Query() query: IceServersQueryDto, @CurrentPrincipal() principal: Principal): IceServersResponseDto {
    // With JWT on, TURN credentials are minted for the token subject, not a name the caller picks.
    return this.iceServers.forPeer(principal.subject ?? query.peer_id ?? 'anonymous');
  }
}
