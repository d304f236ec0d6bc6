import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminRoute, ClientRoute } from '../auth/route-group.decorator';
import { AppError } from '../common/errors/app-error';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { IdParam, idParamDoc } from '../common/http/parse-id.pipe';
import { ConnectionRegistry } from './connection-registry';
import { PeerMovementDto } from './dto/peer-movement.dto';
import { SignalingStatsDto } from './dto/signaling-stats.dto';
import { MovementGuard } from './movement-guard';
import { SignalingStatsService } from './signaling-stats.service';

@ApiTags('signaling')
@ClientRoute()
@Controller('api/v1/signaling')
export class SignalingController {
  constructor(
    private readonly stats: SignalingStatsService,
    private readonly movement: MovementGuard,
    private readonly registry: ConnectionRegistry,
  ) {}

  @Get('stats')
  @ApiOperation({ summary: 'WebSocket connections and live sessions, for this node and the cluster' })
  @ApiOkResponse({ type: SignalingStatsDto })
  getSignalingStats(): Promise<SignalingStatsDto> {
    return this.stats.collect();
  }

  @Get('peers/:peer_id/movement')
  @AdminRoute()
  @ApiOperation({
    summary: "A peer's movement record: last position, suspicion score and refusals (admin)",
    description:
      'From the connection on this node when the peer is connected here, else from the shared store ' +
      '(written by the node holding the peer about once a second). Kept 30 minutes after the last change.',
  })
  @ApiParam(idParamDoc('peer_id', 'char_150001'))
  @ApiOkResponse({ type: PeerMovementDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PEER_NOT_FOUND: no movement record for that peer' })
  async getPeerMovement(@IdParam('peer_id') peerId: string): Promise<PeerMovementDto> {
    const view = await this.movement.view(peerId, this.registry.byPeerId(peerId));
    if (!view) {
      throw new AppError('PEER_NOT_FOUND', `No movement recorded for peer ${peerId}`);
    }
    return view;
  }
}
