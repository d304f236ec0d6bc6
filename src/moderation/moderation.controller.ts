import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { actorOf } from '../audit/actor';
import { CurrentPrincipal } from '../auth/principal.decorator';
import type { Principal } from '../auth/principal';
import { AdminRoute } from '../auth/route-group.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { IdParam, idParamDoc } from '../common/http/parse-id.pipe';
import {
  AuditQueryDto,
  CreateBanRequestDto,
  KickRequestDto,
  ListBansQueryDto,
  SearchPeersQueryDto,
} from './dto/moderation-requests.dto';
import {
  AuditEntryDto,
  BanResponseDto,
  KickResponseDto,
  ModeratedPeerDto,
  PeerSearchResultDto,
} from './dto/moderation-responses.dto';
import { ModerationService } from './moderation.service';

const INVALID = {
  type: ErrorResponseDto,
  description: 'VALIDATION_FAILED or INVALID_JSON, with the fields in `errors`',
};

/** docs/security.md, "Moderation"; docs/operations.md, "Moderating players". Admin credential only. */
@ApiTags('moderation')
@AdminRoute()
@ApiUnauthorizedResponse({
  type: ErrorResponseDto,
  description: 'No admin credential (UNAUTHORIZED, INVALID_API_KEY, INVALID_TOKEN …)',
})
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: a player token' })
@Controller('api/v1/moderation')
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Get('peers')
  @ApiOperation({
    summary: 'Search the connected peers of every node',
    description:
      'By peer id prefix (`query`), zone and minimum movement suspicion; most suspicious first. Each node answers for the sockets it holds ' +
      '(one broadcast and one reply per node, waited for at most 750 ms; a node that does not answer in time is missing from the list). ' +
      'Cost: a walk over every connection of every node per call; meant for moderators, not for polling.',
  })
  @ApiOkResponse({ type: [PeerSearchResultDto] })
  @ApiUnprocessableEntityResponse(INVALID)
  searchPeers(@Query() query: SearchPeersQueryDto): Promise<PeerSearchResultDto[]> {
    return this.moderation.search(query);
  }

  @Get('peers/:peer_id')
  @ApiOperation({
    summary: "A peer's live state on any node",
    description:
      'Route (online, node, address, connected_at), session and zone, movement (position, suspicion, refusals by reason) and whether a ban is in force.',
  })
  @ApiParam(idParamDoc('peer_id', '150001'))
  @ApiOkResponse({ type: ModeratedPeerDto })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'PEER_NOT_FOUND: no route, no movement record and no ban for this peer id',
  })
  peer(@IdParam('peer_id') peerId: string): Promise<ModeratedPeerDto> {
    return this.moderation.peer(peerId);
  }

  @Post('kick')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close every connection of a peer, on every node',
    description:
      'Each connection gets `error {code: "KICKED", message}` and is closed with 4003 and the reason, within a second. The peer may reconnect; ban it to keep it out.',
  })
  @ApiOkResponse({ type: KickResponseDto })
  @ApiUnprocessableEntityResponse(INVALID)
  kick(@Body() body: KickRequestDto, @CurrentPrincipal() principal: Principal): Promise<KickResponseDto> {
    return this.moderation.kick(body, actorOf(principal));
  }

  @Post('bans')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Ban a peer id or a client address',
    description:
      'Exactly one of `peer_id` and `ip`; without `duration_seconds` the ban is permanent. At once on every node: live connections get ' +
      '`error {code: "BANNED"}` and close 4003; token issuance and refresh answer 403 BANNED; Bearer requests of a banned subject answer 403 BANNED; ' +
      'WebSocket admission refuses with BANNED and close 4003.',
  })
  @ApiCreatedResponse({ type: BanResponseDto })
  @ApiUnprocessableEntityResponse(INVALID)
  ban(@Body() body: CreateBanRequestDto, @CurrentPrincipal() principal: Principal): Promise<BanResponseDto> {
    return this.moderation.ban(body, actorOf(principal));
  }

  @Get('bans')
  @ApiOperation({ summary: 'The bans in force, newest first (`all=true`: every ban, lifted and expired included)' })
  @ApiOkResponse({ type: [BanResponseDto] })
  @ApiUnprocessableEntityResponse(INVALID)
  bans(@Query() query: ListBansQueryDto): Promise<BanResponseDto[]> {
    return this.moderation.bansList(query);
  }

  @Delete('bans/:id')
  @ApiOperation({
    summary: 'Lift a ban (it stays in the history)',
    description: 'Lifting a lifted or expired ban changes nothing.',
  })
  @ApiParam(idParamDoc('id', '6f1c2a4e-8b0d-4c1e-9a53-2d7f0e1b9c44'))
  @ApiOkResponse({ type: BanResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'BAN_NOT_FOUND' })
  lift(@IdParam('id') id: string, @CurrentPrincipal() principal: Principal): Promise<BanResponseDto> {
    return this.moderation.lift(id, actorOf(principal));
  }

  @Get('audit')
  @ApiOperation({
    summary: 'The audit trail of admin actions, newest first',
    description:
      'Kicks, bans, lifts, zone creation and switches, host deletion, session clean-up; each with its actor. Page with `before`.',
  })
  @ApiOkResponse({ type: [AuditEntryDto] })
  @ApiUnprocessableEntityResponse(INVALID)
  audit(@Query() query: AuditQueryDto): Promise<AuditEntryDto[]> {
    return this.moderation.auditTrail(query);
  }
}
