import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminRoute, ClientRoute } from '../auth/route-group.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { IdParam, idParamDoc } from '../common/http/parse-id.pipe';
import { CreateZoneDto } from './dto/create-zone.dto';
import { ListZonesQueryDto } from './dto/list-zones-query.dto';
import { UpdateZoneDto } from './dto/update-zone.dto';
import { ZoneResponseDto } from './dto/zone-response.dto';
import { ZoneStatusBodyDto, ZoneStatusQueryDto } from './dto/zone-status.dto';
import { ZonesService } from './zones.service';

const INVALID = {
  type: ErrorResponseDto,
  description: 'VALIDATION_FAILED or INVALID_JSON, with the fields in `errors`',
};
const NOT_FOUND = { type: ErrorResponseDto, description: 'ZONE_NOT_FOUND' };
const ZONE_ID_PARAM = idParamDoc('zone_id', 'prontera');

// `p2p/enabled` is declared before `:zone_id` so it is never read as an id.
@ApiTags('zones')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed request' })
@ClientRoute()
@Controller('api/v1/zones')
export class ZonesController {
  constructor(private readonly zones: ZonesService) {}

  @Post()
  @AdminRoute()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a zone, or overwrite its definition (upsert on zone_id)',
    description: 'Omitted optional fields take their defaults. Status and statistics are kept on overwrite.',
  })
  @ApiCreatedResponse({ type: ZoneResponseDto, description: 'Created or updated' })
  @ApiUnprocessableEntityResponse(INVALID)
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

  @Patch(':zone_id')
  @AdminRoute()
  @ApiOperation({
    summary: 'Change some fields of a zone',
    description: 'recommended_players must stay at most max_players.',
  })
  @ApiOkResponse({ type: ZoneResponseDto })
  @ApiParam(ZONE_ID_PARAM)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse(INVALID)
  updateZone(@IdParam('zone_id') zoneId: string, @Body() body: UpdateZoneDto): Promise<ZoneResponseDto> {
    return this.zones.update(zoneId, body);
  }

  @Post(':zone_id/enable-p2p')
  @AdminRoute()
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
