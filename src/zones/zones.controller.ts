import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Audited, AuditedRequest } from '../audit/audited.decorator';
import { AdminRoute, ClientRoute } from '../auth/route-group.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { IdParam, idParamDoc } from '../common/http/parse-id.pipe';
import { CreateZoneDto } from './dto/create-zone.dto';
import { ListZonesQueryDto } from './dto/list-zones-query.dto';
import { UpdateZoneDto } from './dto/update-zone.dto';
import { ZoneMapResponseDto } from './dto/zone-map-response.dto';
import { ZoneResponseDto } from './dto/zone-response.dto';
import { ZoneStatusBodyDto, ZoneStatusQueryDto } from './dto/zone-status.dto';
import { etagMatches, MAP_CACHE_CONTROL } from './zone-map-http';
import { ZoneMapService } from './zone-map.service';
import { ZonesService } from './zones.service';

/** The JSON body of an audited request, as its details. */
const bodyOf = (request: AuditedRequest): Record<string, unknown> | null =>
  typeof request.body === 'object' && request.body !== null ? { ...(request.body as Record<string, unknown>) } : null;

const bodyField = (request: AuditedRequest, field: string): string | null => {
  const value = bodyOf(request)?.[field];
  return typeof value === 'string' ? value : null;
};

const INVALID = {
  type: ErrorResponseDto,
  description: 'VALIDATION_FAILED or INVALID_JSON, with the fields in `errors`',
};
const NOT_FOUND = { type: ErrorResponseDto, description: 'ZONE_NOT_FOUND' };
const INVALID_MAP = {
  type: ErrorResponseDto,
  description: 'VALIDATION_FAILED, INVALID_JSON, or UNKNOWN_MAP (a map_name not in the map cache)',
};
const ZONE_ID_PARAM = idParamDoc('zone_id', 'prontera');

// `p2p/enabled` is declared before `:zone_id` so it is never read as an id.
@ApiTags('zones')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed request' })
@ClientRoute()
@Controller('api/v1/zones')
export class ZonesController {
  constructor(
    private readonly zones: ZonesService,
    private readonly zoneMaps: ZoneMapService,
  ) {}

  @Post()
  @AdminRoute()
  @Audited('zone.create', { target: (request) => bodyField(request, 'zone_id'), details: (request) => bodyOf(request) })
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a zone, or overwrite its definition (upsert on zone_id)',
    description: 'Omitted optional fields take their defaults. Status and statistics are kept on overwrite.',
  })
  @ApiCreatedResponse({ type: ZoneResponseDto, description: 'Created or updated' })
  @ApiUnprocessableEntityResponse(INVALID_MAP)
  createZone(@Body() body: CreateZoneDto): Promise<ZoneResponseDto> {
    return this.zones.upsert(body);
  }

  @Get()
  @ApiOperation({ summary: 'List zones, highest P2P priority first, then by name' })
  @ApiOkResponse({ type: [ZoneResponseDto] })
  @ApiUnprocessableEntityResponse(INVALID)
  listZones(@Query() query: ListZonesQueryDto): Promise<ZoneResponseDto[]> {
    return this.zones.list(query);
  }

  @Get('p2p/enabled')
  @ApiOperation({ summary: 'Zones open to P2P sessions: P2P on and status enabled' })
  @ApiOkResponse({ type: [ZoneResponseDto] })
  listP2pEnabledZones(): Promise<ZoneResponseDto[]> {
    return this.zones.listP2pEnabled();
  }

  @Get(':zone_id')
  @ApiOperation({ summary: 'Get one zone' })
  @ApiOkResponse({ type: ZoneResponseDto })
  @ApiParam(ZONE_ID_PARAM)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse(INVALID)
  getZone(@IdParam('zone_id') zoneId: string): Promise<ZoneResponseDto> {
    return this.zones.getById(zoneId);
  }

  @Get(':zone_id/map')
  @ApiOperation({
    summary: "The zone's map: its size and walkable cells, from rAthena's map cache (MAP_CACHE_FILE)",
    description:
      '`walkable` is base64 of a bitmap: cell (x, y) is bit i = x + y·width, at byte i >> 3, bit i & 7 ' +
      '(least significant bit first); 1 = walkable. Cacheable: `Cache-Control` and a strong `ETag`; ' +
      '`If-None-Match` with the current tag answers 304 without a body.',
  })
  @ApiOkResponse({ type: ZoneMapResponseDto })
  @ApiResponse({ status: 304, description: 'Not modified: the If-None-Match tag is current' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer' })
  @ApiParam(ZONE_ID_PARAM)
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: "ZONE_NOT_FOUND, or MAP_NOT_AVAILABLE (no map cache configured, or the zone's map is not in it)",
  })
  @ApiUnprocessableEntityResponse(INVALID)
  async getZoneMap(
    @IdParam('zone_id') zoneId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ZoneMapResponseDto | undefined> {
    const { body, etag } = await this.zoneMaps.get(zoneId);
    reply.header('cache-control', MAP_CACHE_CONTROL).header('etag', etag);
    if (etagMatches(ifNoneMatch, etag)) {
      reply.status(304);
      return undefined;
    }
    return body;
  }

  @Patch(':zone_id')
  @AdminRoute()
  @Audited('zone.update', { target: (request) => request.params.zone_id, details: (request) => bodyOf(request) })
  @ApiOperation({
    summary: 'Change some fields of a zone',
    description: 'recommended_players must stay at most max_players.',
  })
  @ApiOkResponse({ type: ZoneResponseDto })
  @ApiParam(ZONE_ID_PARAM)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse(INVALID_MAP)
  updateZone(@IdParam('zone_id') zoneId: string, @Body() body: UpdateZoneDto): Promise<ZoneResponseDto> {
    return this.zones.update(zoneId, body);
  }

  @Post(':zone_id/enable-p2p')
  @AdminRoute()
  @Audited('zone.enable_p2p', { target: (request) => request.params.zone_id })
  @HttpCode(200)
  @ApiOperation({ summary: 'Turn P2P on for a zone' })
  @ApiOkResponse({ type: ZoneResponseDto })
  @ApiParam(ZONE_ID_PARAM)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse(INVALID)
  enableZoneP2p(@IdParam('zone_id') zoneId: string): Promise<ZoneResponseDto> {
    return this.zones.setP2pEnabled(zoneId, true);
  }

  @Post(':zone_id/disable-p2p')
  @AdminRoute()
  @Audited('zone.disable_p2p', { target: (request) => request.params.zone_id })
  @HttpCode(200)
  @ApiOperation({ summary: 'Turn P2P off for a zone' })
  @ApiOkResponse({ type: ZoneResponseDto })
  @ApiParam(ZONE_ID_PARAM)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse(INVALID)
  disableZoneP2p(@IdParam('zone_id') zoneId: string): Promise<ZoneResponseDto> {
    return this.zones.setP2pEnabled(zoneId, false);
  }

  @Patch(':zone_id/status')
  @AdminRoute()
  @Audited('zone.status', {
    target: (request) => request.params.zone_id,
    details: (_request, result) => ({ status: (result as ZoneResponseDto).status }),
  })
  @ApiOperation({
    summary: 'Set a zone to enabled, disabled or maintenance',
    description: 'Send `?new_status=` (as before) or a JSON body `{"status": …}`; case-insensitive.',
  })
  @ApiOkResponse({ type: ZoneResponseDto })
  @ApiParam(ZONE_ID_PARAM)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse(INVALID)
  setZoneStatus(
    @IdParam('zone_id') zoneId: string,
    @Query() query: ZoneStatusQueryDto,
    @Body() body: ZoneStatusBodyDto,
  ): Promise<ZoneResponseDto> {
    return this.zones.setStatus(zoneId, query.new_status, body.status);
  }
}
