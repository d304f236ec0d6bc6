import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Principal } from '../auth/principal';
import { Audited } from '../audit/audited.decorator';
import { AdminRoute, ClientRoute } from '../auth/route-group.decorator';
import { AddPlayerDto } from './dto/add-player.dto';
import { CreateSessionDto } from './dto/create-session.dto';
import { CleanupResponseDto, SessionActionResponseDto, SessionResponseDto } from './dto/session-response.dto';
import { CleanupQueryDto, EndSessionQueryDto } from './dto/session-queries.dto';
import { resolveMetrics, UpdateSessionMetricsDto } from './dto/update-session-metrics.dto';
import { IdParam, idParamDoc } from '../common/http/parse-id.pipe';
import { SessionRefPipe } from './session-params.pipe';
import { SessionRef } from './session-ref';
import { SessionsService } from './sessions.service';

const SESSION_PARAM = { name: 'session', description: 'Integer `id` or string `session_id`', example: '12' };
const NOT_FOUND = { description: 'SESSION_NOT_FOUND' };
const VALIDATION = { description: 'VALIDATION_FAILED: a malformed body, query or path parameter' };

@ApiTags('sessions')
@ClientRoute()
@Controller('api/v1/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post()
  @ApiOperation({
    summary:
      'Create a session on a host in a zone, with optional initial players (active with players, pending without)',
  })
  @ApiCreatedResponse({ type: SessionResponseDto })
  @ApiNotFoundResponse({ description: 'HOST_NOT_FOUND, ZONE_NOT_FOUND' })
  @ApiConflictResponse({
    description: 'P2P_DISABLED, ZONE_DISABLED, ZONE_NOT_P2P, HOST_OFFLINE, HOST_NOT_ELIGIBLE, HOST_FULL',
  })
  @ApiUnprocessableEntityResponse({ description: 'MAX_PLAYERS_EXCEEDED, VALIDATION_FAILED' })
  createSession(@Body() body: CreateSessionDto, @CurrentPrincipal() principal: Principal): Promise<SessionResponseDto> {
    return this.sessions.create(body, principal);
  }

  @Post('cleanup')
  @AdminRoute()
  @Audited('sessions.cleanup', {
    details: (request, result) => ({
      timeout_minutes: request.query.timeout_minutes === undefined ? null : Number(request.query.timeout_minutes),
      cleaned: (result as CleanupResponseDto).cleaned,
    }),
  })
  @HttpCode(200)
  @ApiOperation({ summary: 'Fail open sessions with no activity for `timeout_minutes` and release their capacity' })
  @ApiOkResponse({ type: CleanupResponseDto })
  @ApiUnprocessableEntityResponse(VALIDATION)
  async cleanupSessions(@Query() query: CleanupQueryDto): Promise<CleanupResponseDto> {
    const cleaned = await this.sessions.cleanup(query.timeout_minutes);
    return { message: `Cleaned up ${cleaned} stale sessions`, cleaned };
  }

  @Get('host/:host_id/active')
  @ApiOperation({ summary: 'Active sessions served by a host (an unknown host has none)' })
  @ApiParam(idParamDoc('host_id', 'host-7f3a'))
  @ApiOkResponse({ type: [SessionResponseDto] })
  @ApiUnprocessableEntityResponse(VALIDATION)
  listHostActiveSessions(@IdParam('host_id') hostId: string): Promise<SessionResponseDto[]> {
    return this.sessions.listActiveByHost(hostId);
  }

  @Get('zone/:zone_id/active')
  @ApiOperation({ summary: 'Active sessions of a zone (an unknown zone has none)' })
  @ApiParam(idParamDoc('zone_id', 'prontera'))
  @ApiOkResponse({ type: [SessionResponseDto] })
  @ApiUnprocessableEntityResponse(VALIDATION)
  listZoneActiveSessions(@IdParam('zone_id') zoneId: string): Promise<SessionResponseDto[]> {
    return this.sessions.listActiveByZone(zoneId);
  }

  @Get(':session')
  @ApiOperation({ summary: 'Get a session by integer id or session_id' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  getSession(@Param('session', SessionRefPipe) ref: SessionRef): Promise<SessionResponseDto> {
    return this.sessions.get(ref);
  }

  @Post(':session/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Activate a pending session (a no-op on an active one)' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: SessionActionResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'SESSION_INVALID_STATE: the session is paused, ended or failed' })
  async activateSession(
    @Param('session', SessionRefPipe) ref: SessionRef,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionActionResponseDto> {
    return { message: `Session ${ref.raw} activated`, session: await this.sessions.activate(ref, principal) };
  }

  @Post(':session/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a pending, active or paused session and release its capacity' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: SessionActionResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'SESSION_INVALID_STATE: the session already ended or failed' })
  @ApiUnprocessableEntityResponse(VALIDATION)
  async endSession(
    @Param('session', SessionRefPipe) ref: SessionRef,
    @Query() query: EndSessionQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionActionResponseDto> {
    return { message: `Session ${ref.raw} ended`, session: await this.sessions.end(ref, query.reason, principal) };
  }

  @Patch(':session/metrics')
  @ApiOperation({ summary: 'Update the connection metrics of an open session' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: SessionActionResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'SESSION_INVALID_STATE: the session is not pending or active' })
  @ApiUnprocessableEntityResponse(VALIDATION)
  async updateSessionMetrics(
    @Param('session', SessionRefPipe) ref: SessionRef,
    @Body() body: UpdateSessionMetricsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionActionResponseDto> {
    return {
      message: `Session ${ref.raw} metrics updated`,
      session: await this.sessions.updateMetrics(ref, resolveMetrics(body), principal),
    };
  }

  @Post(':session/players')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a player (idempotent for a member, even when the session is full)' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: SessionActionResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'SESSION_FULL, SESSION_INVALID_STATE (ended or failed)' })
  @ApiUnprocessableEntityResponse(VALIDATION)
  async addSessionPlayer(
    @Param('session', SessionRefPipe) ref: SessionRef,
    @Body() body: AddPlayerDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionActionResponseDto> {
    const session = await this.sessions.addPlayer(ref, body.player_id, principal);
    return { message: `Player ${body.player_id} added to session ${ref.raw}`, session };
  }

  @Delete(':session/players/:player_id')
  @ApiOperation({ summary: 'Remove a player and release its seat' })
  @ApiParam(SESSION_PARAM)
  @ApiParam(idParamDoc('player_id', 'player-3'))
  @ApiOkResponse({ type: SessionActionResponseDto })
  @ApiNotFoundResponse({ description: 'SESSION_NOT_FOUND, PLAYER_NOT_IN_SESSION' })
  @ApiConflictResponse({ description: 'SESSION_INVALID_STATE (ended or failed)' })
  @ApiUnprocessableEntityResponse(VALIDATION)
  async removeSessionPlayer(
    @Param('session', SessionRefPipe) ref: SessionRef,
    @IdParam('player_id') playerId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionActionResponseDto> {
    const session = await this.sessions.removePlayer(ref, playerId, principal);
    return { message: `Player ${playerId} removed from session ${ref.raw}`, session };
  }
}
